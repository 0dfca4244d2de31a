"""Forms for sessions; every field limited, every choice checked against the session's group."""

import datetime

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balint.meetings.models import Attendance, Meeting, Schedule
from balint.privacy.forms import ScreenedTextMixin
from balint.programs.models import Group, Person


class ScheduleForm(forms.Form):
    repeat = forms.ChoiceField(
        choices=Schedule.Repeat.choices, initial=Schedule.Repeat.MONTHLY, label=gettext_lazy("Repeat")
    )
    weekday = forms.TypedChoiceField(
        choices=list(WEEKDAYS.items()), coerce=int, initial=1, label=gettext_lazy("Weekday")
    )
    weeks_of_month = forms.CharField(
        label=gettext_lazy("Weeks of the month"),
        max_length=20,
        required=False,
        initial="1,2,4",
        help_text=gettext_lazy("For monthly schedules, e.g. 1,2,4."),
    )
    every_weeks = forms.IntegerField(
        min_value=1,
        max_value=8,
        initial=1,
        label=gettext_lazy("Weeks between sessions"),
        help_text=gettext_lazy("For weekly schedules."),
    )
    start_time = forms.TimeField(
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        initial=datetime.time(12, 30),
        label=gettext_lazy("Start time"),
    )
    minutes = forms.IntegerField(
        min_value=15, max_value=480, initial=60, label=gettext_lazy("Length (minutes)")
    )
    starts_on = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), label=gettext_lazy("First day")
    )
    ends_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label=gettext_lazy("Last day"))

    def clean(self) -> dict:
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The schedule ends after it starts."))
        return data


class ScheduleEndForm(forms.Form):
    last_day = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}),
        label=gettext_lazy("Last day"),
        help_text=gettext_lazy(
            "Sessions still to come after this day are removed; held sessions never change."
        ),
    )


class MeetingTimeForm(forms.Form):
    """A local date and time in the program's zone, and a length."""

    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label=gettext_lazy("Date"))
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), label=gettext_lazy("Time"))
    minutes = forms.IntegerField(
        min_value=15, max_value=480, initial=60, label=gettext_lazy("Length (minutes)")
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        max_length=200,
        label=gettext_lazy("Reason"),
        help_text=gettext_lazy("Everyone in the group sees it, e.g. “In-training examination”."),
    )


class ProposalForm(ScreenedTextMixin, forms.Form):
    """A resident's poll proposal, screened for patient identifiers before it is stored."""

    screened_fields = ("title",)
    focus = forms.ChoiceField(choices=Meeting.Focus.choices, label=gettext_lazy("Kind"))
    title = forms.CharField(
        max_length=160,
        label=gettext_lazy("In one line"),
        help_text=gettext_lazy("A case without names, dates or other patient identifiers; or a topic."),
    )

    def __init__(self, *args, problem_solving: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not problem_solving:
            self.fields["focus"].choices = [
                c for c in Meeting.Focus.choices if c[0] != Meeting.Focus.CASE_PROBLEM_SOLVING
            ]


class CaseSummaryForm(ScreenedTextMixin, forms.Form):
    """The presenter's de-identified case summary, screened for patient identifiers before it is stored."""

    screened_fields = ("case_summary",)
    case_summary = forms.CharField(
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        label=gettext_lazy("Case summary"),
        help_text=gettext_lazy(
            "De-identified: no names, dates, places or numbers that could point to the patient."
        ),
    )

    def screening_where(self, field_name: str) -> str:
        return f"meetings.Meeting.{field_name}"


class VoteForm(forms.Form):
    proposal = forms.UUIDField()

    def __init__(self, *args, meeting: Meeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting

    def clean_proposal(self):
        proposal = self.meeting.proposals.filter(code=self.cleaned_data["proposal"]).first()
        if proposal is None:
            raise forms.ValidationError(_("This proposal is not part of this session's poll."))
        return proposal


class FocusForm(ScreenedTextMixin, forms.Form):
    """The leaders' choice of focus; their own one-line title is screened before it is stored."""

    screened_fields = ("title",)
    # The page writes the proposals' radios and the focus and title labels itself (meeting_detail.html);
    # the labels here are the same words, for any error text that names the field.
    proposal = forms.UUIDField(required=False, label=gettext_lazy("Proposal"))
    focus = forms.ChoiceField(
        choices=[("", "—"), *Meeting.Focus.choices], required=False, label=gettext_lazy("Focus")
    )
    title = forms.CharField(
        max_length=200,
        required=False,
        label=gettext_lazy("Title"),
        help_text=gettext_lazy("Topic title or the case in one line."),
    )

    def __init__(self, *args, meeting: Meeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting

    def clean_proposal(self):
        code = self.cleaned_data.get("proposal")
        if not code:
            return None
        proposal = self.meeting.proposals.filter(code=code).first()
        if proposal is None:
            raise forms.ValidationError(_("This proposal is not part of this session's poll."))
        return proposal

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("proposal") and not data.get("focus") and not self.errors:
            raise forms.ValidationError(_("Choose a proposal or a focus."))
        return data


class AttendanceForm(forms.Form):
    CLEAR = "clear"  # takes back a known absence before attendance opens

    person = forms.UUIDField()
    status = forms.ChoiceField(choices=[*Attendance.Status.choices, (CLEAR, gettext_lazy("Remove"))])
    reason = forms.ChoiceField(choices=Attendance.Reason.choices, required=False)

    def __init__(self, *args, group: Group, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.group = group

    def clean_person(self) -> Person:
        person = self.group.members.filter(code=self.cleaned_data["person"]).first()
        if person is None:
            raise forms.ValidationError(_("This person is not a member of the group."))
        return person


class NoteForm(ScreenedTextMixin, forms.Form):
    """Session notes; saving by hand asks a decision for every possible identifier (see NoteDraftForm)."""

    screened_fields = ("content", "process")
    content = forms.CharField(
        max_length=50000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        label=gettext_lazy("Content notes"),
        help_text=gettext_lazy("What was discussed. No patient names or identifiers."),
    )
    process = forms.CharField(
        max_length=50000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        label=gettext_lazy("Process notes"),
        help_text=gettext_lazy("How the group worked."),
    )
    tags = forms.CharField(
        max_length=1000,
        required=False,
        label=gettext_lazy("Themes"),
        help_text=gettext_lazy("Free labels separated by commas, e.g. trust, narcotic contracts."),
        widget=forms.TextInput(attrs={"list": "theme-labels", "autocomplete": "off"}),
    )
    presenter = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, label=gettext_lazy("Presenter")
    )
    base_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    # Made when the form is rendered: a stale save is kept apart per open form (see note_save).
    form_token = forms.RegexField(
        regex=r"^[A-Za-z0-9_-]{16,64}$", required=False, widget=forms.HiddenInput, max_length=64
    )

    def __init__(self, *args, group: Group, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = group.members.all()
        self.fields["presenter"].to_field_name = "code"


class NoteDraftForm(NoteForm):
    """The autosave's form: the draft is stored (encrypted) unscreened so no typed text is ever lost.

    The marks are counted and shown while writing; the decisions are asked when the writer saves by hand,
    and the note shows that it still waits for them (`MeetingNote.screened` is False) until then.
    """

    screened_fields = ()


class PhasesForm(forms.Form):
    phases = forms.CharField(
        max_length=2000,
        label=gettext_lazy("Phases"),
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=gettext_lazy("One phase a line: name, minutes. E.g. “Case presentation, 10”."),
    )


class PollDeadlineForm(forms.Form):
    """The local date and time the poll closes."""

    date = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), label=gettext_lazy("Poll closes on")
    )
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), label=gettext_lazy("at"))
