"""The one upload limit: `settings.UPLOAD_MAX_MB` (environment UPLOAD_MAX_MB), checked here for every upload.

Every upload form uses `LimitedFileField`; a service handed bytes calls `upload_check`. A few kinds of file
are read whole into memory and parsed, so they keep a stricter cap, named below; the limit applied is
always the smaller of that cap and UPLOAD_MAX_MB, so lowering UPLOAD_MAX_MB lowers every door at once.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balint.core.errors import ApplicationError

MB = 1024 * 1024

# Stricter caps (MB) for files parsed whole in memory.
DOCUMENT_MB = 10  # a source document (.txt, .md, .docx, .pdf) read into plain text
CODEBOOK_MB = 5  # a REFI-QDA codebook (.qdc) read into a study's codebook
TABLE_MB = 1  # a scale's wording or scores (CSV or JSON)


def upload_limit_mb(cap_mb: int | None = None) -> int:
    """The largest upload accepted, in MB: UPLOAD_MAX_MB, or `cap_mb` when that is smaller."""
    return min(settings.UPLOAD_MAX_MB, cap_mb) if cap_mb else settings.UPLOAD_MAX_MB


def upload_check(*, size: int, name: str = "", cap_mb: int | None = None) -> None:
    """Refuse a file larger than the upload limit, with a message naming the file and the limit."""
    limit = upload_limit_mb(cap_mb)
    if size > limit * MB:
        what = f"“{name}”" if name else _("The file")
        raise ApplicationError(
            _("{what} is larger than the upload limit of {limit} MB.").format(what=what, limit=limit),
            extra={"field": "file", "bytes": size, "limit_mb": limit},
        )


def _limit_text(cap_mb: int | None) -> str:
    return _("At most {limit} MB.").format(limit=upload_limit_mb(cap_mb))


class LimitedFileField(forms.FileField):
    """A file field that refuses a file over the upload limit (`cap_mb` for a stricter one) and says the
    limit in its help text."""

    def __init__(self, *, cap_mb: int | None = None, help_text: str = "", **kwargs: Any) -> None:
        self.cap_mb = cap_mb
        kwargs.setdefault("label", gettext_lazy("File"))
        limit = lazy(_limit_text, str)(cap_mb)
        super().__init__(help_text=lazy(lambda: f"{help_text} {limit}".strip(), str)(), **kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value:
            try:
                upload_check(size=value.size, cap_mb=self.cap_mb)
            except ApplicationError as error:
                raise forms.ValidationError(error.message, code="too_large") from None
