"""ScreenedTextMixin: a drop-in screening step for any Django form with free-text fields.

    class NoteForm(ScreenedTextMixin, forms.ModelForm):      # 1. mix in and name the fields
        screened_fields = ("content", "process")
    form = NoteForm(request.POST or None, program=program, person=roles.person)   # 2. pass the program
    {% include "privacy/partials/_screening.html" %}          # 3. inside the <form>, after the fields

On submit the fields are screened with the program's roster names. While a marked span has no decision
the form is invalid (the partial shows the spans and the choices); once every span is decided,
cleaned_data holds the text with the replaced spans turned into placeholders, and kept spans are recorded
(kind and reason, never the identifier) in ScreeningKeep.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy, ngettext

from balint.core.text_language import language_name, unsupported_language
from balint.privacy.screening import SUPPORTED_LANGUAGES, Span
from balint.privacy.services import (
    KEEP,
    REPLACE,
    Decision,
    ScreenResult,
    screen_for_storage,
    screening_keeps_record,
)


def _js_offset(text: str, index: int) -> int:
    """A Python character offset as the browser's textarea sees it (LF line ends, UTF-16 units)."""
    prefix = text[:index].replace("\r\n", "\n")
    return len(prefix.encode("utf-16-le")) // 2


@dataclass
class SpanChoice:
    key: str
    span: Span
    placeholder: str
    decision: Decision | None
    error: str
    choice_name: str
    reason_name: str
    js_start: int
    js_end: int
    posted_action: str = ""
    posted_reason: str = ""


@dataclass
class ScreeningPanel:
    field_name: str
    label: str
    html_id: str
    segments: list[tuple[str, SpanChoice | None]]
    choices: list[SpanChoice]


class ScreenedTextMixin:
    """Screen `screened_fields` for patient identifiers before the form may be saved."""

    screened_fields: tuple[str, ...] = ()

    def __init__(
        self, *args: Any, program: Any, person: Any = None, record_keeps: bool = True, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.screening_program = program
        self.screening_person = person
        self.screening_record_keeps = record_keeps
        self.screening: dict[str, ScreenResult] = {}

    @property
    def screening_language_notes(self) -> list[str]:
        """The languages (by name) of screened texts the screener does not read: it looks for English only."""
        if not self.is_bound:
            return []
        fallback = getattr(self.screening_program, "default_language", "") or ""
        found = []
        for name in self.screened_fields:
            code = unsupported_language(
                str(self.data.get(self.add_prefix(name), "")), SUPPORTED_LANGUAGES, fallback
            )
            if code and language_name(code) not in found:
                found.append(language_name(code))
        return found

    def screening_input_name(self, field_name: str, key: str, part: str = "") -> str:
        suffix = f"-{part}" if part else ""
        return self.add_prefix(f"screening-{field_name}-{key}{suffix}")

    def _decisions(self, field_name: str) -> dict[str, Decision]:
        prefix = self.screening_input_name(field_name, "")
        decisions = {}
        for name in self.data:
            if not name.startswith(prefix) or name.endswith("-reason"):
                continue
            action = self.data.get(name, "")
            if action in (REPLACE, KEEP):
                reason = self.data.get(f"{name}-reason", "")
                decisions[name[len(prefix) :]] = Decision(action, str(reason))
        return decisions

    def screening_where(self, field_name: str) -> str:
        meta = getattr(self, "_meta", None)
        model = getattr(meta, "model", None)
        owner = f"{model._meta.app_label}.{model.__name__}" if model is not None else type(self).__name__
        return f"{owner}.{field_name}"[:120]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name in self.screened_fields:
            text = cleaned.get(name)
            if not isinstance(text, str) or not text:
                continue
            result = screen_for_storage(
                text=text,
                program=self.screening_program,
                decisions=self._decisions(name),
                where=self.screening_where(name),
            )
            self.screening[name] = result
            if result.is_complete:
                cleaned[name] = result.text
            else:
                count = len(result.pending)
                self.add_error(
                    name,
                    ngettext(
                        "{count} possible identifier marked below: replace it with a placeholder, "
                        "keep it (say why), or edit the text.",
                        "{count} possible identifiers marked below: for each, replace it with a "
                        "placeholder, keep it (say why), or edit the text.",
                        count,
                    ).format(count=count),
                )
        if not self.errors and self.screening_record_keeps:
            for name, result in self.screening.items():
                screening_keeps_record(
                    result=result,
                    program=self.screening_program,
                    person=self.screening_person,
                    where=self.screening_where(name),
                )
        return cleaned

    @property
    def screening_panels(self) -> list[ScreeningPanel]:
        """What the partial shows: each screened field's text with its marked spans and their choices."""
        panels = []
        for name, result in self.screening.items():
            if not result.spans:
                continue
            pending = {id(s) for s in result.pending}
            choices = []
            for key, span in result.keyed():
                choices.append(
                    SpanChoice(
                        key=key,
                        span=span,
                        placeholder=result.placeholder(span),
                        decision=None if id(span) in pending else result.decisions.get(key),
                        error=result.errors.get(key, ""),
                        choice_name=self.screening_input_name(name, key),
                        reason_name=self.screening_input_name(name, key, "reason"),
                        js_start=_js_offset(result.original, span.start),
                        js_end=_js_offset(result.original, span.end),
                        posted_action=str(self.data.get(self.screening_input_name(name, key), "")),
                        posted_reason=str(self.data.get(self.screening_input_name(name, key, "reason"), ""))[
                            :300
                        ],
                    )
                )
            segments: list[tuple[str, SpanChoice | None]] = []
            cursor = 0
            for choice in choices:
                if choice.span.start > cursor:
                    segments.append((result.original[cursor : choice.span.start], None))
                segments.append((choice.span.text, choice))
                cursor = choice.span.end
            if cursor < len(result.original):
                segments.append((result.original[cursor:], None))
            field = self.fields[name]
            panels.append(
                ScreeningPanel(
                    field_name=name,
                    label=str(field.label or name.replace("_", " ").capitalize()),
                    html_id=self[name].auto_id or name,
                    segments=segments,
                    choices=choices,
                )
            )
        return panels


class ScreeningTryForm(ScreenedTextMixin, forms.Form):
    """The privacy page's own use of the mixin: paste a text, decide each span, get the text to store."""

    screened_fields = ("text",)
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        label=gettext_lazy("Text"),
        max_length=20000,
        help_text=gettext_lazy(
            "Nothing you paste here is stored; kept identifiers are not recorded on this page."
        ),
    )
