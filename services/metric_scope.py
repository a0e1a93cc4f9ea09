"""What a chart covers: one tenant or the viewer's whole portfolio, over a period."""

from dataclasses import dataclass
from datetime import date

from services.permissions import Permission
from services.principal import Principal


@dataclass(frozen=True)
class Scope:
    tenant_id: int | None  # None: every tenant the principal may see
    start: date
    end: date


def require_metrics_read(principal: Principal, scope: Scope) -> None:
    if scope.tenant_id is not None:
        principal.require(Permission.METRICS_READ, scope.tenant_id)
    elif not principal.can_anywhere(Permission.METRICS_READ):
        principal.require(Permission.METRICS_READ)
