"""A finding: something wrong in the content, with file:line and a hint."""
from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    file: str  # posix path relative to the project root
    line: int | None
    rule: str  # kebab-case id
    severity: str  # "error" | "warning"
    message: str  # Swedish, with a hint on how to fix it

    def as_dict(self) -> dict:
        return asdict(self)


class ContentError(Exception):
    """Raised by the build when content breaks the model; carries findings."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__("\n".join(f"{f.file}:{f.line or 1}: {f.message}" for f in findings))
