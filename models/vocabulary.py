"""Closed vocabularies shared by tables and services."""

from enum import StrEnum


class Role(StrEnum):
    CLIENT_ADMIN = "client_admin"
    CLIENT_VIEWER = "client_viewer"
    ACCOUNT_MANAGER = "account_manager"
    EXECUTIVE = "executive"
    PLATFORM_ADMIN = "platform_admin"


CLIENT_ROLES = frozenset({Role.CLIENT_ADMIN, Role.CLIENT_VIEWER})
# Roles held per tenant; the others are processor-wide (membership without a tenant).
TENANT_ROLES = CLIENT_ROLES | {Role.ACCOUNT_MANAGER}
PROCESSOR_WIDE_ROLES = frozenset({Role.EXECUTIVE, Role.PLATFORM_ADMIN})


class Service(StrEnum):
    HEALTHCARE = "healthcare"
    ATTENDANCE = "attendance"
    HRMS = "hrms"


class Law(StrEnum):
    GDPR = "GDPR"
    UK_GDPR = "UK-GDPR"
    CCPA = "CCPA"
    HIPAA = "HIPAA"
    BIPA = "BIPA"
    DPDP = "DPDP"
    LGPD = "LGPD"
    COPPA = "COPPA"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    DEAD = "dead"


class DataCategory(StrEnum):
    PHI = "phi"
    BIOMETRIC = "biometric"
    GEOLOCATION = "geolocation"
    HR = "hr"
    CONTACT = "contact"
    USAGE = "usage"


class SubjectType(StrEnum):
    EMPLOYEE = "employee"
    PATIENT = "patient"
    VISITOR = "visitor"
    CHILD = "child"


class RequestStatus(StrEnum):
    RECEIVED = "received"
    VERIFYING = "verifying"
    IN_PROGRESS = "in_progress"
    EXTENDED = "extended"
    COMPLETED = "completed"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


CLOSED_STATUSES = frozenset({RequestStatus.COMPLETED, RequestStatus.REFUSED, RequestStatus.WITHDRAWN})
