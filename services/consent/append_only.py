"""Consent events are never edited or deleted, whoever tries, however."""

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from models import ConsentEvent
from services.errors import InvalidInput


@event.listens_for(Session, "before_flush")
def _refuse_edits(session: Session, _context: Any, _instances: Any) -> None:
    for row in (*session.dirty, *session.deleted):
        if isinstance(row, ConsentEvent) and (row in session.deleted or session.is_modified(row)):
            raise InvalidInput("Consent events are never changed; record a correcting event with a reason.")
