"""Forms for people, groups and policies; every field limited and validated."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balint.core.uploads import LimitedFileField
from balint.programs.models import Cohort, Group, GroupPolicy, GroupSeat, Person, Program, Role


class PersonForm(forms.Form):
    full_name = forms.CharField(max_length=200, label=gettext_lazy("Full name"))
    email = forms.EmailField(max_length=254, label=gettext_lazy("E-mail"))
    username = forms.SlugField(
        max_length=150,
        label=gettext_lazy("Username"),
        help_text=gettext_lazy("Letters, numbers, hyphens and underscores."),
    )
    role = forms.ChoiceField(choices=Role.choices, label=gettext_lazy("Role"))
    cohort = forms.ModelChoiceField(
        queryset=Cohort.objects.none(), required=False, label=gettext_lazy("Cohort")
    )

    def __init__(self, *args, program: Program, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = program.cohorts.all()

    def clean(self) -> dict:
        data = super().clean()
        if data.get("cohort") and data.get("role") != Role.RESIDENT:
            self.add_error("cohort", _("Only residents belong to a cohort."))
        return data


class GroupForm(forms.Form):
    name = forms.CharField(max_length=120, label=gettext_lazy("Name"))
    description = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=gettext_lazy("Description"),
    )
    starts_on = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), label=gettext_lazy("Starts on")
    )
    leaders = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple, label=gettext_lazy("Leaders")
    )
    members = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=gettext_lazy("Members"),
    )

    def __init__(self, *args, program: Program, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(memberships__program=program, memberships__active=True)
        self.fields["leaders"].queryset = people.filter(memberships__role=Role.LEADER).distinct()
        self.fields["members"].queryset = people.filter(memberships__role=Role.RESIDENT).distinct()


class GroupPolicyForm(forms.ModelForm):
    class Meta:
        model = GroupPolicy
        fields = [
            "effective_from",
            "format",
            "latecomers",
            "problem_solving_allowed",
            "focus_chosen_by",
            "sessions_per_month",
            "note",
        ]
        widgets = {"effective_from": forms.DateInput(attrs={"type": "date"})}
        labels = {
            "effective_from": gettext_lazy("Effective from"),
            "format": gettext_lazy("Format"),
            "latecomers": gettext_lazy("Latecomers"),
            "problem_solving_allowed": gettext_lazy("Problem-solving allowed"),
            "focus_chosen_by": gettext_lazy("Focus chosen by"),
            "sessions_per_month": gettext_lazy("Sessions per month"),
            "note": gettext_lazy("Note"),
        }

    def clean_sessions_per_month(self) -> int:
        value = self.cleaned_data["sessions_per_month"]
        if not 1 <= value <= 8:
            raise forms.ValidationError(_("Between 1 and 8 sessions a month."))
        return value


class ProgramForm(forms.ModelForm):
    time_zone = forms.ChoiceField(choices=[], label=gettext_lazy("Time zone"))

    class Meta:
        model = Program
        fields = [
            "name",
            "institution",
            "specialty",
            "time_zone",
            "year_start_month",
            "training_years",
            "anonymity_threshold",
            "default_language",
        ]
        labels = {
            "name": gettext_lazy("Name"),
            "institution": gettext_lazy("Institution"),
            "specialty": gettext_lazy("Specialty"),
            "anonymity_threshold": gettext_lazy("Anonymity threshold"),
            "default_language": gettext_lazy("Default language"),
        }

    def __init__(self, *args, **kwargs) -> None:
        import zoneinfo

        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [(z, z) for z in sorted(zoneinfo.available_timezones())]
        self.fields["time_zone"].initial = self.instance.time_zone or "America/New_York"
        self.fields["default_language"].choices = [("", gettext_lazy("Each browser's language"))] + list(
            settings.LANGUAGES
        )


class CohortForm(forms.Form):
    name = forms.CharField(
        max_length=120, label=gettext_lazy("Name"), help_text=gettext_lazy("e.g. Class of 2029")
    )
    entry_year = forms.IntegerField(
        label=gettext_lazy("Entry year"),
        min_value=1950,
        max_value=2200,
        help_text=gettext_lazy("The academic year the cohort started PGY-1, e.g. 2026."),
    )


class PersonEditForm(forms.Form):
    full_name = forms.CharField(max_length=200, label=gettext_lazy("Full name"))
    email = forms.EmailField(max_length=254, label=gettext_lazy("E-mail"))
    roles = forms.MultipleChoiceField(
        choices=Role.choices, widget=forms.CheckboxSelectMultiple, label=gettext_lazy("Roles")
    )
    cohort = forms.ModelChoiceField(
        queryset=Cohort.objects.none(),
        required=False,
        label=gettext_lazy("Cohort"),
        help_text=gettext_lazy("Residents only."),
    )

    def __init__(self, *args, program: Program, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = program.cohorts.all()

    def clean(self) -> dict:
        data = super().clean()
        if data.get("cohort") and Role.RESIDENT not in data.get("roles", []):
            self.add_error("cohort", _("Only residents belong to a cohort."))
        return data


class SeatAddForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label=gettext_lazy("Person"))
    kind = forms.ChoiceField(choices=GroupSeat.Kind.choices, label=gettext_lazy("As"))
    starts_on = forms.DateField(label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, group: Group, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            Person.objects.filter(
                memberships__program=group.program,
                memberships__active=True,
                memberships__role__in=[Role.RESIDENT, Role.LEADER],
            )
            .distinct()
            .order_by("full_name")
        )


class SeatEndForm(forms.Form):
    kind = forms.ChoiceField(choices=GroupSeat.Kind.choices, widget=forms.HiddenInput)
    ends_on = forms.DateField(label=gettext_lazy("Until"), widget=forms.DateInput(attrs={"type": "date"}))


class RosterUploadForm(forms.Form):
    file = LimitedFileField(
        help_text=gettext_lazy(
            "A .csv or .xlsx file whose first row reads: name, email, role, cohort, group."
        )
    )


class RolloverForm(forms.Form):
    year = forms.IntegerField(widget=forms.HiddenInput)


class LanguageForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["language"]
        labels = {"language": gettext_lazy("Language")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Each language is named in itself, so a person can find theirs whatever the page is in.
        self.fields["language"].choices = [("", gettext_lazy("The program's default"))] + list(
            settings.LANGUAGES
        )
