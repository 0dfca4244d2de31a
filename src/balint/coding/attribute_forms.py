"""Forms of the attributes grid and the code x attribute matrix."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from balint.coding.attributes import Column
from balint.coding.forms import FiltersForm
from balint.coding.models import Attribute


class AttributeForm(forms.Form):
    name = forms.CharField(max_length=60, label=_("Name"))
    type = forms.ChoiceField(choices=Attribute.Type.choices, label=_("Type"))
    choices = forms.CharField(
        required=False,
        max_length=4000,
        label=_("Choices"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a choice attribute: one value per line."),
    )

    def clean_choices(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]


class MatrixForm(FiltersForm):
    """The views page's filters, and which attribute gives the columns."""

    attribute = forms.ChoiceField(label=_("Columns"), required=False)
    unit = forms.ChoiceField(
        label=_("Count"),
        required=False,
        choices=[
            ("cases", _("Cases (residents, respondents)")),
            ("sources", _("Sources (sessions, documents)")),
        ],
    )

    def __init__(self, *args, columns: list[Column], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attribute"].choices = [(c.key, c.label) for c in columns]
        self.order_fields(["attribute", "unit"])
