"""The consent-coverage chart, shown on the Consent page and in a client's metrics."""

from dashboard import charts
from services.consent.coverage import Coverage


def coverage_chart(covered: list[Coverage], key: str) -> None:
    rows = [{"purpose": c.purpose, "service": c.service, "subjects_in_scope": c.in_scope,
             "valid_grants": c.granted, "coverage_pct": None if c.share is None else round(100 * c.share, 1)}
            for c in covered]  # fmt: skip
    fig = charts.bars(
        "Share of subjects in scope with a valid grant (%)",
        [c.purpose for c in covered],
        {"Coverage": [100 * (c.share or 0) for c in covered]},
        y_title="% with a valid grant",
    )
    fig.update_yaxes(range=[0, 100])
    charts.chart_with_table(fig, rows, "consent-coverage.csv", key)
