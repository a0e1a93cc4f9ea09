"""Consent evidence: pseudonymised subjects, the append-only ledger, its rules and figures."""

from services.consent import append_only  # noqa: F401  (registers the guard)
