"""Forms of the scale import pages: the wording of a scored instrument, and a set of scores."""

from django import forms

from balint.core.uploads import TABLE_MB, LimitedFileField
from balint.programs.models import Cohort, Group, Program
from balint.surveys.scales.definitions import DEFINITIONS


def _file_field(help_text: str) -> forms.FileField:
    return LimitedFileField(
        cap_mb=TABLE_MB,
        help_text=f"{help_text} UTF-8.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.json,text/csv,application/json"}),
    )


class WordingUploadForm(forms.Form):
    scale = forms.ChoiceField(
        label="Instrument",
        choices=[
            (d.key, f"{d.name} ({d.item_count} items)") for d in DEFINITIONS.values() if not d.score_only
        ],
    )
    file = _file_field("A .csv (columns item, text, options) or .json file with the wording from your copy.")


class ScoreUploadForm(forms.Form):
    scale = forms.ChoiceField(label="Instrument", choices=[(d.key, d.name) for d in DEFINITIONS.values()])
    title = forms.CharField(max_length=160, help_text="E.g. “MBI, spring 2026”.")
    collected_on = forms.DateField(
        label="Collected on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The day the administration closed.",
    )
    cohort = forms.ModelChoiceField(
        queryset=Cohort.objects.none(), required=False, to_field_name="code", empty_label="(no cohort)"
    )
    group = forms.ModelChoiceField(
        queryset=Group.objects.none(), required=False, to_field_name="code", empty_label="(no group)"
    )
    invited = forms.IntegerField(
        label="Residents asked",
        min_value=1,
        max_value=5000,
        required=False,
        help_text="How many were asked, for the completion rate (a figure needs 70% of them).",
    )
    uses_codes = forms.BooleanField(
        label="Respondents gave a code they made up (column code)",
        required=False,
        help_text="Only a keyed hash of each code is kept, to pair this set with another.",
    )
    file = _file_field("A .csv file with one row per respondent and one column per subscale key.")

    def __init__(self, *args, program: Program, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.program = program
        self.fields["cohort"].queryset = Cohort.objects.filter(program=program).order_by("-entry_year")
        self.fields["group"].queryset = Group.objects.filter(program=program).order_by("name")
