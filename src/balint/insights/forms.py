"""Forms of the assistance pages."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balint.coding.models import Theme
from balint.insights.models import ThemeRun
from balint.insights.services.availability import semantic_enabled

ENGINE_CHOICES = [
    ("tfidf", gettext_lazy("TF-IDF terms (fast, nothing to download)")),
    ("semantic", gettext_lazy("Sentence meaning (MiniLM)")),
]


class ThemeRunForm(forms.Form):
    """Sentence meaning is chosen first where the model is installed: its clusters agreed best with human
    themes on the demo and on real corpora (BENCHMARKS.md, "Analysis assistance"); TF-IDF otherwise."""

    engine = forms.ChoiceField(
        choices=ENGINE_CHOICES, initial="tfidf", widget=forms.RadioSelect, label=gettext_lazy("Method")
    )
    scope = forms.ChoiceField(
        choices=ThemeRun.Scope.choices,
        initial=ThemeRun.Scope.UNCODED,
        widget=forms.RadioSelect,
        label=gettext_lazy("Passages"),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if semantic_enabled():
            self.fields["engine"].initial = "semantic"


class SpanForm(forms.Form):
    """An optional passage of the source; both ends or neither."""

    start = forms.IntegerField(min_value=0, required=False, label=gettext_lazy("Start of the passage"))
    end = forms.IntegerField(min_value=1, required=False, label=gettext_lazy("End of the passage"))

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if (start is None) != (end is None):
            raise forms.ValidationError(_("Give both the start and the end of the passage, or neither."))
        if start is not None and end <= start:
            raise forms.ValidationError(_("The passage must end after it starts."))
        return data


class PromoteForm(forms.Form):
    name = forms.CharField(max_length=Theme._meta.get_field("name").max_length, required=False, strip=True)
