"""SQLModel tables; importing this package registers them all on `SQLModel.metadata`."""

from models.agreement import Agreement, AgreementDocument
from models.audit import AuditEvent, AuditHead
from models.base import TenantOwned
from models.consent import ConsentEvent, ConsentEvidence, ConsentSubject
from models.data_volume import DataVolume
from models.instruction import InstructionFlag, InstructionSet
from models.outbox import OutboxMessage
from models.processor import Processor
from models.rights_request import RequestReminder, RightsRequest
from models.tenant import Tenant
from models.user import Membership, User

__all__ = [
    "Agreement",
    "AgreementDocument",
    "AuditEvent",
    "AuditHead",
    "ConsentEvent",
    "ConsentEvidence",
    "ConsentSubject",
    "DataVolume",
    "InstructionFlag",
    "InstructionSet",
    "Membership",
    "OutboxMessage",
    "Processor",
    "RequestReminder",
    "RightsRequest",
    "Tenant",
    "TenantOwned",
    "User",
]
