"""Consent events and their evidence are never edited or deleted, whoever tries, however:
neither through a loaded row (flush) nor through an UPDATE or DELETE statement."""

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from models import ConsentEvent, ConsentEvidence
from services.errors import InvalidInput

PROTECTED = (ConsentEvent, ConsentEvidence)
REFUSAL = "Consent events are never changed; record a correcting event with a reason."


@event.listens_for(Session, "before_flush")
def _refuse_edits(session: Session, _context: Any, _instances: Any) -> None:
    for row in (*session.dirty, *session.deleted):
        if isinstance(row, PROTECTED) and (row in session.deleted or session.is_modified(row)):
            raise InvalidInput(REFUSAL)


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_edits(state: ORMExecuteState) -> None:
    if (state.is_update or state.is_delete) and any(m.class_ in PROTECTED for m in state.all_mappers):
        raise InvalidInput(REFUSAL)
