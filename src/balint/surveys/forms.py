"""Forms for instruments, surveys, answers and transcripts."""

import datetime
import zoneinfo

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balint.privacy.forms import ScreenedTextMixin
from balint.surveys.instruments import READY_MADE
from balint.surveys.models import (
    DEFAULT_THRESHOLD,
    LIKERT_LABELS,
    MIN_THRESHOLD,
    TEXT_MAX,
    Instrument,
    Question,
)
from balint.surveys.services import AnswerValue

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
FIELD_PREFIX = "q_"


class InstrumentForm(forms.Form):
    name = forms.CharField(max_length=160, label=gettext_lazy("Name"))
    description = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=gettext_lazy("Description"),
    )


class ReadyMadeForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Ready-made instrument"),
        choices=[(kind, spec.name) for kind, spec in READY_MADE.items()],
    )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(choices=Question.Kind.choices, label=gettext_lazy("Question type"))
    text = forms.CharField(max_length=500, label=gettext_lazy("Question"))
    help_text = forms.CharField(
        max_length=300, required=False, label=gettext_lazy("Hint shown under the question")
    )
    choices = forms.CharField(
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        label=gettext_lazy("Choices"),
        help_text=gettext_lazy(
            "One per line. For a Likert question leave empty for the standard five-point agreement "
            "labels, or write five or seven labels."
        ),
    )
    required = forms.BooleanField(required=False, label=gettext_lazy("An answer is required"))

    def clean(self) -> dict:
        data = super().clean()
        labels = [line.strip() for line in data.get("choices", "").splitlines() if line.strip()]
        kind = data.get("kind")
        if kind == Question.Kind.LIKERT and not labels:
            labels = [str(label) for label in LIKERT_LABELS[5]]
        if kind == Question.Kind.OPEN and labels:
            self.add_error("choices", _("An open-ended question has no choices."))
        if kind == Question.Kind.LIKERT and len(labels) not in LIKERT_LABELS:
            self.add_error("choices", _("A Likert question has 5 or 7 labels."))
        if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and not 2 <= len(labels) <= 20:
            self.add_error("choices", _("Write between 2 and 20 choices, one per line."))
        data["choices"] = labels
        return data


class SurveyForm(forms.Form):
    title = forms.CharField(max_length=160, label=gettext_lazy("Title"))
    instrument = forms.ModelChoiceField(
        queryset=Instrument.objects.none(), to_field_name="code", label=gettext_lazy("Instrument")
    )
    opens_at = forms.DateTimeField(
        label=gettext_lazy("Opens"),
        input_formats=[LOCAL_FORMAT],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    closes_at = forms.DateTimeField(
        label=gettext_lazy("Closes"),
        input_formats=[LOCAL_FORMAT],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    min_answers = forms.IntegerField(
        label=gettext_lazy("Answers needed before anyone sees results"),
        min_value=MIN_THRESHOLD,
        max_value=500,
        initial=DEFAULT_THRESHOLD,
        help_text=format_lazy(
            gettext_lazy("At least {minimum}; {default} unless the group is large."),
            minimum=MIN_THRESHOLD,
            default=DEFAULT_THRESHOLD,
        ),
    )

    def __init__(self, *args, program, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zoneinfo.ZoneInfo(program.time_zone)
        self.fields["instrument"].queryset = Instrument.objects.filter(program=program, is_current=True)
        # The program's anonymity threshold is the default and the floor for every new survey.
        floor = max(MIN_THRESHOLD, program.anonymity_threshold)
        answers = self.fields["min_answers"]
        answers.initial = floor
        answers.min_value = floor
        answers.validators = [v for v in answers.validators if not isinstance(v, MinValueValidator)]
        answers.validators.append(MinValueValidator(floor))
        answers.widget.attrs["min"] = floor
        answers.help_text = _(
            "At least %(floor)d, the program's anonymity threshold; more if the group is large."
        ) % {"floor": floor}
        now = timezone.localtime(timezone.now(), self.zone).replace(second=0, microsecond=0)
        self.fields["opens_at"].initial = now.strftime(LOCAL_FORMAT)
        self.fields["closes_at"].initial = (now + datetime.timedelta(days=14)).strftime(LOCAL_FORMAT)

    def clean(self) -> dict:
        data = super().clean()
        for name in ("opens_at", "closes_at"):
            value = data.get(name)
            if value is not None:
                # The typed wall time is the program's local time, whatever zone Django parsed it in.
                naive = timezone.make_naive(value) if timezone.is_aware(value) else value
                data[name] = naive.replace(tzinfo=self.zone)
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("The survey must close after it opens."))
        if data.get("closes_at") and data["closes_at"] <= timezone.now():
            self.add_error("closes_at", _("The closing time has already passed."))
        return data


class ResponseForm(forms.Form):
    """One field per question; a posted field that names no question of this survey refuses the whole form."""

    def __init__(self, *args, questions: list[Question], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for number, question in enumerate(questions, start=1):
            label = f"{number}. {question.text}" + (_(" (required)") if question.required else "")
            common = {
                "label": label,
                "required": question.required,
                "help_text": question.help_text,
                # Shown beside the question itself, so a missing answer is found on a phone too.
                "error_messages": {"required": _("An answer is required.")},
            }
            choices = list(enumerate(question.choices, start=0))
            if question.kind == Question.Kind.OPEN:
                field = forms.CharField(
                    max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5}), **common
                )
            elif question.kind == Question.Kind.LIKERT:
                field = forms.TypedChoiceField(
                    choices=[(i + 1, text) for i, text in choices],
                    coerce=int,
                    widget=forms.RadioSelect,
                    empty_value=None,
                    **common,
                )
            elif question.kind == Question.Kind.SINGLE:
                field = forms.TypedChoiceField(
                    choices=choices, coerce=int, widget=forms.RadioSelect, empty_value=None, **common
                )
            else:
                field = forms.TypedMultipleChoiceField(
                    choices=choices, coerce=int, widget=forms.CheckboxSelectMultiple, **common
                )
            self.fields[f"{FIELD_PREFIX}{question.code}"] = field

    def clean(self) -> dict:
        data = super().clean()
        unknown = [key for key in self.data if key.startswith(FIELD_PREFIX) and key not in self.fields]
        if unknown:
            raise forms.ValidationError(
                _("The form names a question that is not in this survey; nothing was saved.")
            )
        if not self.values() and not self.errors:
            raise forms.ValidationError(_("Please answer at least one question."))
        return data

    def values(self) -> list[AnswerValue]:
        """The answers given, as values for the service; skipped questions give none."""
        values = []
        data = getattr(self, "cleaned_data", {})
        for question in self.questions:
            value = data.get(f"{FIELD_PREFIX}{question.code}")
            if value in (None, "", []) or (isinstance(value, str) and not value.strip()):
                continue
            if question.kind == Question.Kind.OPEN:
                values.append(AnswerValue(question=question, text=value.strip()))
            elif question.kind == Question.Kind.LIKERT:
                values.append(AnswerValue(question=question, scale=value))
            elif question.kind == Question.Kind.SINGLE:
                values.append(AnswerValue(question=question, options=(value,)))
            else:
                values.append(AnswerValue(question=question, options=tuple(value)))
        return values


class TranscriptForm(ScreenedTextMixin, forms.Form):
    """A transcript; saving it (draft or approved) asks a decision for every possible identifier first."""

    screened_fields = ("text",)
    text = forms.CharField(
        label=gettext_lazy("Transcript"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    approve = forms.BooleanField(
        required=False,
        label=gettext_lazy("Approved: nothing in it could identify the resident or anyone else"),
    )

    def clean(self) -> dict:
        # Before screening, so no kept identifier is recorded for a transcript that is then refused.
        if self.cleaned_data.get("approve") and not self.cleaned_data.get("text", "").strip():
            self.add_error("text", _("An approved transcript cannot be empty."))
        return super().clean()

    def screening_where(self, field_name: str) -> str:
        # The model and field only: a kept identifier is never tied to one answer.
        return f"surveys.Transcript.{field_name}"
