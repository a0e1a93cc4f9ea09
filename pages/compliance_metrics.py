"""Compliance metrics: rights requests and data volumes, for one tenant or the portfolio."""

from datetime import date, timedelta

import streamlit as st

from dashboard import charts, context
from dashboard.consent_view import coverage_chart
from services.consent import coverage as consent_coverage
from services.metric_scope import Scope
from services.rights import metrics as requests_metrics
from services.rights.drafts import local_today
from services.volumes import metrics as volume_metrics

principal = context.principal()
tenant = context.active_tenant()
today = local_today(tenant.time_zone) if tenant else date.today()  # the register counts in local days

st.title("Compliance metrics")
st.caption(context.scope_label())
period = st.date_input(
    "Period",
    (today - timedelta(days=365), today),
    max_value=today,
    key="metrics_period",
    help="Requests received or closed in the period, and volumes. Open requests count as of today.",
)
if not isinstance(period, tuple) or len(period) != 2:
    st.info("Choose the end of the period.")
    st.stop()
scope = Scope(tenant.id if tenant else None, *period)

buckets = requests_metrics.open_by_days_left(principal, scope, today)
on_time = requests_metrics.on_time_monthly(principal, scope)
closed, closed_on_time = sum(n for _, n, _ in on_time), sum(ok for _, _, ok in on_time)
median = requests_metrics.median_days_to_close(principal, scope)
cols = st.columns(4)
cols[0].metric("Open requests", sum(buckets.values()))
cols[1].metric("Overdue", buckets["overdue"], help="Open and past the legal due date.")
cols[2].metric(
    "On time",
    f"{closed_on_time / closed:.0%}" if closed else "–",
    help="Closed in the period by the due date.",
)
cols[3].metric("Median days to close", median if median is not None else "–")

left, right = st.columns(2)
with left:
    rows = [{"days_left": b, "open_requests": n} for b, n in buckets.items()]
    fig = charts.bars("Open requests by days left", list(buckets), {"Open": list(buckets.values())})
    fig.update_traces(marker_color=[charts.BUCKET_COLOURS[b] for b in buckets])
    charts.chart_with_table(fig, rows, "open-by-days-left.csv", "days_left")
with right:
    by_type = requests_metrics.open_by_type_and_status(principal, scope)
    x, series = charts.pivot([(t, s, n) for t, s, n in by_type])
    rows = [{"request_type": t, "status": s, "open_requests": n} for t, s, n in by_type]
    charts.chart_with_table(
        charts.bars("Open requests by type and status", x, series, stacked=True),
        rows,
        "open-by-type.csv",
        "by_type",
    )

if tenant is None:
    at_risk = requests_metrics.open_by_tenant_and_days_left(principal, scope, today)
    x, series = charts.pivot(at_risk)
    ordered = {b: series[b] for b in charts.BUCKET_COLOURS if b in series}
    rows = [{"tenant": t, "days_left": b, "open_requests": n} for t, b, n in at_risk]
    charts.chart_with_table(
        charts.bars(
            "Overdue and at-risk requests by client", x, ordered, stacked=True, colours=charts.BUCKET_COLOURS
        ),
        rows,
        "at-risk-by-client.csv",
        "at_risk",
    )

left, right = st.columns(2)
with left:
    weekly = requests_metrics.received_and_closed_weekly(principal, scope)
    rows = [{"week": w, "received": r, "closed": c} for w, r, c in weekly]
    fig = charts.bars(
        "Received and closed per week",
        [w for w, _, _ in weekly],
        {"Received": [r for _, r, _ in weekly], "Closed": [c for _, _, c in weekly]},
    )
    charts.chart_with_table(fig, rows, "received-closed-weekly.csv", "weekly")
with right:
    rows = [
        {"month": m, "closed": n, "on_time": ok, "on_time_rate": round(ok / n, 3)} for m, n, ok in on_time
    ]
    fig = charts.lines(
        "On-time rate per month",
        [m for m, _, _ in on_time],
        {"On time": [ok / n for _, n, ok in on_time]},
        y_title="share closed by the due date",
    )
    fig.update_yaxes(tickformat=".0%", range=[0, 1.05])
    charts.chart_with_table(fig, rows, "on-time-monthly.csv", "on_time")

histogram = sorted(requests_metrics.days_to_close(principal, scope).items())
rows = [{"days_to_close": d, "requests": n} for d, n in histogram]
fig = charts.bars(
    f"Days to close (median {median if median is not None else '–'})",
    [d for d, _ in histogram],
    {"Requests": [n for _, n in histogram]},
)
charts.chart_with_table(fig, rows, "days-to-close.csv", "days_to_close")

if tenant is not None:
    st.header("Consent coverage")
    coverage_chart(consent_coverage.coverage(principal, tenant.id), "consent_coverage")

st.header("Data volumes")
by_category = volume_metrics.totals_by_day(principal, scope, "category")
if not by_category:
    st.info(
        "No data volumes in this period. The nightly feed loads them: `python -m dashboard volumes ingest`."
    )
    st.stop()
x, series = charts.pivot(by_category)
rows = [{"day": d, "category": c, "records": n} for d, c, n in by_category]
charts.chart_with_table(
    charts.lines("Records held by data category", x, series, "records", stacked_area=True),
    rows,
    "volumes-by-category.csv",
    "by_category",
)
by_service = volume_metrics.totals_by_day(principal, scope, "service")
x, series = charts.pivot(by_service)
rows = [{"day": d, "service": s, "records": n} for d, s, n in by_service]
charts.chart_with_table(
    charts.lines("Records held by service", x, series, "records"),
    rows,
    "volumes-by-service.csv",
    "by_service",
)
growth = volume_metrics.growth_by_category(principal, scope)
rows = [
    {
        "category": g.category,
        "from": g.first_day,
        "records_then": g.first_total,
        "to": g.last_day,
        "records_now": g.last_total,
        "created": g.created,
        "deleted": g.deleted,
        "change_pct": None if g.change_pct is None else round(g.change_pct, 1),
    }
    for g in growth
]
fig = charts.bars(
    "Growth over the period (%)",
    [g.category for g in growth],
    {"Change": [g.change_pct or 0 for g in growth]},
    y_title="% change",
)
charts.chart_with_table(fig, rows, "volume-growth.csv", "growth")
