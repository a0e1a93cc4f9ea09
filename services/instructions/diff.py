"""A readable diff between two instruction versions: what was added, removed or changed."""

from dataclasses import dataclass
from typing import Any

from sqlmodel import select

from models import InstructionSet
from services.errors import InvalidInput, NotFound
from services.permissions import Permission
from services.principal import Principal
from services.scoping import scoped_session


@dataclass(frozen=True)
class Change:
    path: str  # e.g. "purpose biometric-attendance: data_categories"
    kind: str  # added, removed, changed
    before: str
    after: str


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return "" if value is None else str(value)


def flatten(content: dict[str, Any]) -> dict[str, Any]:
    """Purposes keyed by slug, transfers by country and recipient, so reordering is no change."""
    flat: dict[str, Any] = {}
    for purpose in content.get("purposes", []):
        for key, value in purpose.items():
            if key != "slug":
                flat[f"purpose {purpose['slug']}: {key}"] = (
                    sorted(value) if isinstance(value, list) else value
                )
    for transfer in content.get("transfers", []):
        flat[f"transfer to {transfer['country']} ({transfer['recipient']}): safeguard"] = transfer[
            "safeguard"
        ]
    flat["subprocessors"] = sorted(content.get("subprocessors", []))
    return flat


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    a, b = flatten(old), flatten(new)
    changes = []
    for path in sorted(a.keys() | b.keys()):
        if path not in b:
            changes.append(Change(path, "removed", _shown(a[path]), ""))
        elif path not in a:
            changes.append(Change(path, "added", "", _shown(b[path])))
        elif a[path] != b[path]:
            changes.append(Change(path, "changed", _shown(a[path]), _shown(b[path])))
    return changes


def diff_versions(principal: Principal, old_id: int, new_id: int) -> list[Change]:
    with scoped_session(principal) as session:
        rows = {
            r.id: r
            for r in session.exec(select(InstructionSet).where(InstructionSet.id.in_([old_id, new_id])))
        }
    if len(rows) != len({old_id, new_id}):
        raise NotFound("One of those versions does not exist among the ones you may see.")
    old, new = rows[old_id], rows[new_id]
    principal.require(Permission.INSTRUCTIONS_READ, old.tenant_id)
    if (old.tenant_id, old.service) != (new.tenant_id, new.service):
        raise InvalidInput("Compare two versions of the same tenant's instructions for one service.")
    return compare(old.content, new.content)
