"""The outcome of an import, as the CLI prints it with --json."""

from dataclasses import asdict, dataclass, field
from typing import Any

from services.errors import ServiceError


class UnreadableFile(ServiceError):
    """The file as a whole cannot be used (exit code 2): missing, not UTF-8, empty, bad header."""


@dataclass(frozen=True)
class RowError:
    row: int  # 1 = the first data row
    column: str
    message: str


@dataclass
class ImportReport:
    imported: int = 0
    duplicates: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


class RowErrors(Exception):
    """Raised by a row parser with every problem found in that row."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__(errors)
        self.errors = errors
