"""Forms for log entries, debriefs, paths and followed paths; every field limited and validated."""

import datetime
from decimal import Decimal

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balint.leaders.models import (
    CertificationPath,
    Debrief,
    FollowedPath,
    Requirement,
    SessionElsewhere,
    SupervisionSession,
    TrainingEvent,
)
from balint.programs.models import Group, Person, Program

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EARLIEST = datetime.date(1950, 1, 1)


def _not_far_future(value: datetime.date | None) -> datetime.date | None:
    if value and not EARLIEST <= value <= datetime.date.today() + datetime.timedelta(days=3 * 366):
        raise forms.ValidationError(_("Give a date between 1950 and three years from now."))
    return value


class TrainingEventForm(forms.ModelForm):
    class Meta:
        model = TrainingEvent
        fields = ["kind", "title", "organizer", "starts_on", "ends_on", "hours", "note"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "kind": gettext_lazy("Kind"),
            "title": gettext_lazy("Title"),
            "organizer": gettext_lazy("Organizer"),
            "starts_on": gettext_lazy("First day"),
            "ends_on": gettext_lazy("Last day"),
            "hours": gettext_lazy("Hours"),
            "note": gettext_lazy("Note"),
        }

    def clean_starts_on(self) -> datetime.date:
        return _not_far_future(self.cleaned_data["starts_on"])

    def clean_hours(self) -> Decimal:
        hours = self.cleaned_data["hours"]
        if hours > 200:
            raise forms.ValidationError(_("At most 200 hours for one event."))
        return hours


class SupervisionForm(forms.ModelForm):
    class Meta:
        model = SupervisionSession
        fields = ["held_on", "supervisor", "group", "group_elsewhere", "hours", "recorded", "note"]
        widgets = {"held_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "held_on": gettext_lazy("Date"),
            "supervisor": gettext_lazy("Supervisor"),
            "group": gettext_lazy("Group discussed"),
            "group_elsewhere": gettext_lazy("Group elsewhere"),
            "hours": gettext_lazy("Hours"),
            "recorded": gettext_lazy("Recording reviewed"),
            "note": gettext_lazy("Note"),
        }

    def __init__(self, *args, leader: Person, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = Group.objects.filter(leaders=leader).select_related("program")
        self.fields["group"].required = False

    def clean_held_on(self) -> datetime.date:
        return _not_far_future(self.cleaned_data["held_on"])

    def clean_hours(self) -> Decimal:
        hours = self.cleaned_data["hours"]
        if hours > 12:
            raise forms.ValidationError(_("At most 12 hours for one supervision session."))
        return hours

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("group") and not (data.get("group_elsewhere") or "").strip() and not self.errors:
            self.add_error("group", _("Name the group discussed: one you lead here, or one elsewhere."))
        return data


class SessionElsewhereForm(forms.ModelForm):
    class Meta:
        model = SessionElsewhere
        fields = ["held_on", "setting", "minutes", "co_leader"]
        widgets = {"held_on": DATE}
        labels = {
            "held_on": gettext_lazy("Date"),
            "setting": gettext_lazy("Setting"),
            "minutes": gettext_lazy("Length (minutes)"),
            "co_leader": gettext_lazy("Co-leader"),
        }

    def clean_held_on(self) -> datetime.date:
        value = self.cleaned_data["held_on"]
        if value > datetime.date.today():
            raise forms.ValidationError(_("Enter sessions that have taken place."))
        return _not_far_future(value)


class DebriefForm(forms.ModelForm):
    class Meta:
        model = Debrief
        fields = ["reflection", "with_co_leader"]
        widgets = {"reflection": forms.Textarea(attrs={"rows": 6})}
        labels = {
            "reflection": gettext_lazy("Reflection (only you will ever read it)"),
            "with_co_leader": gettext_lazy("Talked over with the co-leader"),
        }


class PathForm(forms.ModelForm):
    program = forms.ModelChoiceField(
        queryset=Program.objects.none(),
        label=gettext_lazy("Program"),
        help_text=gettext_lazy("Who may use this path."),
    )
    source_url = forms.URLField(
        max_length=500,
        required=False,
        assume_scheme="https",
        label=gettext_lazy("Where the requirements are published"),
    )

    class Meta:
        model = CertificationPath
        fields = ["program", "name", "body", "description", "source_url"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        labels = {
            "name": gettext_lazy("Name"),
            "body": gettext_lazy("Society or institution"),
            "description": gettext_lazy("Description"),
            "source_url": gettext_lazy("Where the requirements are published"),
        }

    def __init__(self, *args, programs: QuerySet[Program], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        if self.instance.pk:
            del self.fields["program"]


class RequirementForm(forms.Form):
    kind = forms.ChoiceField(choices=Requirement.Kind.choices, label=gettext_lazy("Kind"))
    label = forms.CharField(max_length=300, label=gettext_lazy("Label"))
    minimum = forms.DecimalField(
        min_value=0, max_value=10000, decimal_places=2, initial=1, label=gettext_lazy("Minimum")
    )
    training_kind = forms.ChoiceField(
        choices=[("", gettext_lazy("Any kind"))] + TrainingEvent.Kind.choices,
        required=False,
        label=gettext_lazy("Training kind"),
    )
    per_month = forms.IntegerField(
        min_value=1, max_value=10, initial=1, label=gettext_lazy("Sessions per month")
    )
    within_months = forms.IntegerField(
        min_value=1, max_value=240, required=False, label=gettext_lazy("Within months of start")
    )
    counts_before_start = forms.BooleanField(required=False, label=gettext_lazy("Earlier entries count"))
    required = forms.BooleanField(required=False, initial=True, label=gettext_lazy("Required"))

    def clean(self) -> dict:
        data = super().clean()
        if data.get("kind") == Requirement.Kind.DEBRIEF_PERCENT and (data.get("minimum") or 0) > 100:
            self.add_error("minimum", _("A percentage is at most 100."))
        if data.get("training_kind") and data.get("kind") not in (
            Requirement.Kind.TRAINING_COUNT,
            Requirement.Kind.TRAINING_HOURS,
        ):
            self.add_error("training_kind", _("Only training requirements take a training kind."))
        return data


class BaseRequirementFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not kept:
            raise forms.ValidationError(_("A path needs at least one requirement."))

    def requirements(self) -> list[dict]:
        return [
            {k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]


RequirementFormSet = forms.formset_factory(
    RequirementForm, formset=BaseRequirementFormSet, extra=2, can_delete=True, max_num=40, validate_max=True
)


class FollowForm(forms.Form):
    started_on = forms.DateField(
        widget=DATE,
        label=gettext_lazy("Counting from"),
        help_text=gettext_lazy("Usually when you began the path."),
    )
    target_on = forms.DateField(widget=DATE, required=False, label=gettext_lazy("Target date (optional)"))

    def clean_started_on(self) -> datetime.date:
        return _not_far_future(self.cleaned_data["started_on"])

    def clean_target_on(self) -> datetime.date | None:
        return _not_far_future(self.cleaned_data.get("target_on"))

    def clean(self) -> dict:
        data = super().clean()
        if data.get("target_on") and data.get("started_on") and data["target_on"] <= data["started_on"]:
            self.add_error("target_on", _("The target comes after the start."))
        return data


class FollowedForm(FollowForm):
    shared = forms.BooleanField(
        required=False, label=gettext_lazy("Share this summary with my program administrators")
    )
    confirmed = forms.ModelMultipleChoiceField(
        queryset=Requirement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Conditions I confirm"),
    )

    def __init__(self, *args, followed: FollowedPath, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        attestations = followed.path.requirements.filter(kind=Requirement.Kind.ATTESTATION)
        self.fields["confirmed"].queryset = attestations
        if not attestations.exists():
            del self.fields["confirmed"]
