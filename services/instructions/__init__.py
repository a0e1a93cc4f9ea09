"""Processing instructions: the schema, versions and approval, diffs, infringement flags."""

from services.instructions import immutability  # noqa: F401  (registers the guard)
