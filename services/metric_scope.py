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
    principal.require_scope(Permission.METRICS_READ, scope.tenant_id)
