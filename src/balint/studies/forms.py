"""Forms of the studies pages; every field limited and validated."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from balint.core.uploads import CODEBOOK_MB, LimitedFileField
from balint.studies.models import Study

DATE = forms.DateInput(attrs={"type": "date"})


class StudyForm(forms.ModelForm):
    class Meta:
        model = Study
        fields = ["title", "aims", "approval_reference", "starts_on", "ends_on"]
        widgets = {"aims": forms.Textarea(attrs={"rows": 4}), "starts_on": DATE, "ends_on": DATE}
        labels = {
            "title": gettext_lazy("Title"),
            "aims": gettext_lazy("Aims"),
            "starts_on": gettext_lazy("Starts on"),
            "ends_on": gettext_lazy("Ends on"),
        }
        help_texts = {
            "aims": gettext_lazy("What the study asks, in a few sentences; every invited program reads it.")
        }


class AnalystForm(forms.Form):
    email = forms.EmailField(max_length=254, label=gettext_lazy("E-mail"))
    full_name = forms.CharField(
        max_length=200,
        label=gettext_lazy("Full name"),
        required=False,
        help_text=gettext_lazy("Only for someone without an account: one is created."),
    )


class InvitationForm(forms.Form):
    invitation = forms.UUIDField(
        label=gettext_lazy("Invitation code"),
        help_text=gettext_lazy("The code the study's owner gave your program."),
    )


class ConsentForm(forms.Form):
    invitation = forms.UUIDField(widget=forms.HiddenInput)
    consent = forms.BooleanField(
        required=False, label=gettext_lazy("I consent on behalf of the program, as stated above.")
    )


class CodebookImportForm(forms.Form):
    file = LimitedFileField(
        cap_mb=CODEBOOK_MB,
        help_text=gettext_lazy("A REFI-QDA codebook (.qdc), from NVivo, ATLAS.ti, MAXQDA, QualCoder..."),
    )
