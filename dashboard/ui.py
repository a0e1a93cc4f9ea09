"""Small rendering helpers shared by pages."""

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import streamlit as st

from services.csv_export import to_csv
from services.errors import ServiceError


@contextmanager
def shows_errors() -> Iterator[None]:
    """Show a service's refusal as an error box instead of a traceback."""
    try:
        yield
    except ServiceError as error:
        st.error(str(error), icon=":material/error:")


def csv_download(
    label: str, rows: Sequence[Mapping[str, Any]], columns: list[str], file_name: str, key: str
) -> None:
    st.download_button(
        label,
        data=to_csv(rows, columns),
        file_name=file_name,
        mime="text/csv",
        icon=":material/download:",
        key=key,
        disabled=not rows,
    )


def when(value: datetime | None) -> str:
    """A UTC timestamp as the page shows it."""
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else ""


def role_label(role: str) -> str:
    return role.replace("_", " ").capitalize()


_FLASH = "flash_message"


def flash(message: str) -> None:
    """Show `message` after the rerun that refreshes the page's data."""
    st.session_state[_FLASH] = message
    st.rerun()


def show_flash() -> None:
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.success(message, icon=":material/check_circle:")
