"""Plotly figures (graph_objects: fast to build) and the chart-plus-table block pages use."""

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from dashboard.ui import csv_download

PALETTE = ["#2F6F73", "#E09F3E", "#9E2A2B", "#5C7AEA", "#6A994E", "#8D6A9F", "#B08968"]
BUCKET_COLOURS = {
    "overdue": "#9E2A2B",
    "0-7": "#E09F3E",
    "8-14": "#E9C46A",
    "15-30": "#8AB17D",
    ">30": "#2F6F73",
}


def _layout(fig: go.Figure, title: str, y_title: str = "", stacked: bool = False) -> go.Figure:
    fig.update_layout(
        title=title,
        barmode="stack" if stacked else "group",
        height=340,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "y": -0.2},
        yaxis_title=y_title,
        plot_bgcolor="rgba(0,0,0,0)",
        colorway=PALETTE,
    )
    return fig


def bars(
    title: str,
    x: Sequence[Any],
    series: Mapping[str, Sequence[float]],
    y_title: str = "",
    stacked: bool = False,
    colours: Mapping[str, str] | None = None,
) -> go.Figure:
    fig = go.Figure(
        [
            go.Bar(name=name, x=list(x), y=list(ys), marker_color=(colours or {}).get(name))
            for name, ys in series.items()
        ]
    )
    return _layout(fig, title, y_title, stacked)


def lines(
    title: str,
    x: Sequence[Any],
    series: Mapping[str, Sequence[float]],
    y_title: str = "",
    stacked_area: bool = False,
) -> go.Figure:
    fig = go.Figure(
        [
            go.Scatter(
                name=name, x=list(x), y=list(ys), mode="lines", stackgroup="one" if stacked_area else None
            )
            for name, ys in series.items()
        ]
    )
    return _layout(fig, title, y_title)


def chart_with_table(fig: go.Figure, rows: list[dict[str, Any]], file_name: str, key: str) -> None:
    """The chart, with its figures one click away and downloadable."""
    st.plotly_chart(fig, key=f"{key}_chart", config={"displaylogo": False})
    with st.expander("Table", icon=":material/table:"):
        if rows:
            st.dataframe(rows, hide_index=True, key=f"{key}_table")
        csv_download("Download CSV", rows, list(rows[0]) if rows else [], file_name, key=f"{key}_csv")


def pivot(
    rows: Sequence[tuple[Any, str, float]], xs: Sequence[Any] | None = None
) -> tuple[list[Any], dict[str, list[float]]]:
    """(x, series, value) rows -> x values and one list per series, zeros where missing."""
    x_values = list(xs) if xs is not None else sorted({x for x, _, _ in rows})
    index = {x: i for i, x in enumerate(x_values)}
    series: dict[str, list[float]] = {}
    for x, name, value in rows:
        series.setdefault(name, [0] * len(x_values))[index[x]] = value
    return x_values, dict(sorted(series.items()))


def timeline(title: str, events: Sequence[tuple[str, Any]], today: Any, window_days: int) -> go.Figure:
    """One marker per (label, date); the renewal window from today is shaded."""
    fig = go.Figure(
        go.Scatter(
            x=[d for _, d in events],
            y=[label for label, _ in events],
            mode="markers+text",
            text=[str(d) for _, d in events],
            textposition="top center",
            marker={"size": 12, "color": PALETTE[0]},
        )
    )
    fig.add_vrect(
        x0=today,
        x1=today + timedelta(days=window_days),
        fillcolor="#E09F3E",
        opacity=0.15,
        line_width=0,
        annotation_text=f"next {window_days} days",
        annotation_position="top left",
    )
    last = max((d for _, d in events), default=today)
    fig.update_xaxes(range=[today - timedelta(days=30), last + timedelta(days=60)])
    return _layout(fig, title)
