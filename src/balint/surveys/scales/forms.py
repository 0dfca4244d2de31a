"""Forms of the scale import pages: the wording of a scored instrument, and a set of scores."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from balint.core.uploads import TABLE_MB, LimitedFileField
from balint.programs.models import Cohort, Group, Program
from balint.surveys.scales.definitions import DEFINITIONS


def _file_field(help_text: object) -> forms.FileField:
    return LimitedFileField(
        cap_mb=TABLE_MB,
        label=gettext_lazy("File"),
        help_text=format_lazy("{} UTF-8.", help_text),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.json,text/csv,application/json"}),
    )


class WordingUploadForm(forms.Form):
    scale = forms.ChoiceField(
        label=gettext_lazy("Instrument"),
        choices=[
            (d.key, format_lazy(gettext_lazy("{name} ({count} items)"), name=d.name, count=d.item_count))
            for d in DEFINITIONS.values()
            if not d.score_only
        ],
    )
    file = _file_field(
        gettext_lazy("A .csv (columns item, text, options) or .json file with the wording from your copy.")
    )


class ScoreUploadForm(forms.Form):
    scale = forms.ChoiceField(
        label=gettext_lazy("Instrument"), choices=[(d.key, d.name) for d in DEFINITIONS.values()]
    )
    title = forms.CharField(
        label=gettext_lazy("Title"), max_length=160, help_text=gettext_lazy("E.g. “MBI, spring 2026”.")
    )
    collected_on = forms.DateField(
        label=gettext_lazy("Collected on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("The day the administration closed."),
    )
    cohort = forms.ModelChoiceField(
        queryset=Cohort.objects.none(),
        required=False,
        label=gettext_lazy("Cohort"),
        to_field_name="code",
        empty_label=gettext_lazy("(no cohort)"),
    )
    group = forms.ModelChoiceField(
        queryset=Group.objects.none(),
        required=False,
        label=gettext_lazy("Group"),
        to_field_name="code",
        empty_label=gettext_lazy("(no group)"),
    )
    invited = forms.IntegerField(
        label=gettext_lazy("Residents asked"),
        min_value=1,
        max_value=5000,
        required=False,
        help_text=gettext_lazy("How many were asked, for the completion rate (a figure needs 70% of them)."),
    )
    uses_codes = forms.BooleanField(
        label=gettext_lazy("Respondents gave a code they made up (column code)"),
        required=False,
        help_text=gettext_lazy("Only a keyed hash of each code is kept, to pair this set with another."),
    )
    file = _file_field(
        gettext_lazy("A .csv file with one row per respondent and one column per subscale key.")
    )

    def __init__(self, *args, program: Program, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.program = program
        self.fields["cohort"].queryset = Cohort.objects.filter(program=program).order_by("-entry_year")
        self.fields["group"].queryset = Group.objects.filter(program=program).order_by("name")
