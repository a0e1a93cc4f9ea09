"""An approved instruction set is never changed or deleted, whoever tries, however."""

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from models import InstructionSet
from services.errors import InvalidInput


def _was_approved(row: InstructionSet) -> bool:
    history = inspect(row).attrs.status.history
    return "approved" in (history.deleted or history.unchanged or ())


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_approved(session: Session, _context: Any, _instances: Any) -> None:
    for row in (*session.dirty, *session.deleted):
        if (
            isinstance(row, InstructionSet)
            and _was_approved(row)
            and (row in session.deleted or session.is_modified(row))
        ):
            raise InvalidInput(f"{row.service} v{row.version} is approved and cannot be changed.")
