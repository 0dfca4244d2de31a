"""The report range, the report request and the program's k."""

import datetime

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balint.programs.models import Group, Program
from balint.reports.builder import MAX_DAYS
from balint.reports.models import ReportSettings

GRANULARITY = [
    ("", gettext_lazy("Automatic")),
    ("month", gettext_lazy("Month")),
    ("quarter", gettext_lazy("Quarter")),
    ("year", gettext_lazy("Year")),
]


class RangeForm(forms.Form):
    """Dates of a dashboard or report: the end not before the start, at most ten years apart."""

    date_from = forms.DateField(label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=gettext_lazy("To"), widget=forms.DateInput(attrs={"type": "date"}))
    granularity = forms.ChoiceField(label=gettext_lazy("Figures by"), choices=GRANULARITY, required=False)

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The end date comes before the start date."))
            if (end - start).days > MAX_DAYS:
                raise forms.ValidationError(_("A report covers at most ten years."))
            if start < datetime.date(1990, 1, 1) or end > datetime.date(2200, 1, 1):
                raise forms.ValidationError(_("Give dates between 1990 and 2200."))
        return data


class ReportRequestForm(RangeForm):
    """Build a report file; the roster option exists only for administrators."""

    FORMATS = [("pdf", "PDF"), ("html", "HTML file")]

    group = forms.ModelChoiceField(
        queryset=Group.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=gettext_lazy("All groups"),
        label=gettext_lazy("Group"),
        help_text=gettext_lazy("Leave empty for the whole program."),
    )
    output = forms.ChoiceField(label=gettext_lazy("File"), choices=FORMATS, initial="pdf")
    roster = forms.BooleanField(
        label=gettext_lazy(
            "Add an attendance roster naming each resident (administrators only; keep the file private)"
        ),
        required=False,
    )

    def __init__(self, *args, program: Program, groups, allow_roster: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        if not allow_roster:
            del self.fields["roster"]


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ReportSettings
        fields = ["min_cell"]
