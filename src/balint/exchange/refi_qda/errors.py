"""The single error type the REFI-QDA reader and writer raise."""

from __future__ import annotations


class RefiQdaError(Exception):
    """A REFI-QDA file could not be read or written; `message` is safe to show to the user."""

    def __init__(self, message: str, *, element: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        # Where the problem is, e.g. "project.qde line 12" or "TextSource 1F3A...", for the preview.
        self.element = element

    def __str__(self) -> str:
        return f"{self.message} ({self.element})" if self.element else self.message
