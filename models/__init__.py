"""SQLModel tables; importing this package registers them all on `SQLModel.metadata`."""

from models.audit import AuditEvent, AuditHead
from models.base import TenantOwned
from models.outbox import OutboxMessage
from models.processor import Processor
from models.tenant import Tenant
from models.user import Membership, User

__all__ = [
    "AuditEvent",
    "AuditHead",
    "Membership",
    "OutboxMessage",
    "Processor",
    "Tenant",
    "TenantOwned",
    "User",
]
