"""Errors services raise; pages and the CLI show their message as it is."""


class ServiceError(Exception):
    """Base class: the message is written for the user who caused it."""


class PermissionDenied(ServiceError):
    """The principal's role does not allow this action here."""


class ScopeViolation(PermissionDenied):
    """A query without a principal, or a write outside the principal's tenants."""


class NotFound(ServiceError):
    """Nothing with that key exists among the rows the principal may see."""


class InvalidInput(ServiceError):
    """The input breaks a rule; the message names the field and the rule."""
