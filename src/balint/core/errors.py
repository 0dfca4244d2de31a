"""The one error type services raise for a refused request."""

from typing import Any


class ApplicationError(Exception):
    """A rule refused the request; `message` is shown to the person, `extra` names what is at fault."""

    def __init__(self, message: str, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}

    def add_to(self, form: Any) -> None:
        """Show the refusal on a Django form: beside the field it names (`extra["field"]`) when the form
        has that field, else above the form."""
        field = self.extra.get("field")
        form.add_error(field if field in form.fields else None, self.message)
