"""Forms of memos: the text with its links, and the memo list's filters."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balint.coding.forms import MemoForm
from balint.coding.memos import ABOUT_CHOICES, MemoFilters
from balint.coding.models import AnalysisRound, Memo, Source, Theme
from balint.coding.services import MemoLinks
from balint.core.dates import day
from balint.core.widgets import Select
from balint.programs.models import Program


class _Titled(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        if isinstance(obj, AnalysisRound):
            return _("Round {number} (from {day})").format(number=obj.number, day=day(obj.started_on))
        return getattr(obj, "title", None) or str(obj)


def _many(queryset: QuerySet, label: str, help_text: str = "") -> forms.ModelMultipleChoiceField:
    return _Titled(
        queryset=queryset,
        required=False,
        to_field_name="code",
        label=label,
        help_text=help_text,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )


class MemoLinksForm(MemoForm):
    """A memo's title and text with what else it is about; passages and codings come from the coding page."""

    memos = _many(Memo.objects.none(), gettext_lazy("Linked memos"))
    sources = _many(Source.objects.none(), gettext_lazy("Linked sources"))
    themes = _many(Theme.objects.none(), gettext_lazy("Linked themes"))
    rounds = _many(AnalysisRound.objects.none(), gettext_lazy("Linked analysis rounds"))

    def __init__(
        self,
        *args,
        program: Program,
        sources: QuerySet[Source],
        memo: Memo | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        others = Memo.objects.filter(program=program).filter(
            Q(source__isnull=True) | Q(source__in=sources.values("pk"))
        )
        if memo is not None:
            others = others.exclude(pk=memo.pk)
        self.fields["memos"].queryset = others.order_by("title")
        self.fields["sources"].queryset = sources.order_by("title")
        self.fields["themes"].queryset = Theme.objects.filter(program=program, active=True).order_by("name")
        self.fields["rounds"].queryset = AnalysisRound.objects.filter(program=program)
        for name in ("memos", "sources", "themes", "rounds"):
            self.fields[name].help_text = _("Hold Ctrl (⌘ on a Mac) to choose several.")

    def links(self, *, passages: list, codings: list) -> MemoLinks:
        data = self.cleaned_data
        return MemoLinks(
            memos=list(data["memos"]),
            sources=list(data["sources"]),
            themes=list(data["themes"]),
            rounds=list(data["rounds"]),
            passages=passages,
            codings=codings,
        )


class MemoFilterForm(forms.Form):
    """The memo list's filters; an unknown code is a clear error beside its field."""

    q = forms.CharField(required=False, max_length=200, label=gettext_lazy("Words"))
    mine = forms.BooleanField(required=False, label=gettext_lazy("Mine only"))
    about = forms.ChoiceField(required=False, choices=ABOUT_CHOICES, label=gettext_lazy("About"))
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.none(),
        required=False,
        to_field_name="code",
        label=gettext_lazy("Theme"),
        empty_label=gettext_lazy("Any theme"),
        widget=Select,
    )
    source = forms.ModelChoiceField(
        queryset=Source.objects.none(),
        required=False,
        to_field_name="code",
        label=gettext_lazy("Source"),
        empty_label=gettext_lazy("Any source"),
        widget=Select,
    )
    round = forms.ModelChoiceField(
        queryset=AnalysisRound.objects.none(),
        required=False,
        to_field_name="code",
        label=gettext_lazy("Round"),
        empty_label=gettext_lazy("Any round"),
        widget=Select,
    )
    linked = forms.ModelChoiceField(
        queryset=Memo.objects.none(),
        required=False,
        to_field_name="code",
        widget=forms.HiddenInput,
        label=gettext_lazy("Linked with memo"),
    )

    def __init__(self, *args, program: Program, sources: QuerySet[Source], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(program=program, active=True).order_by("name")
        self.fields["source"].queryset = sources.order_by("title")
        self.fields["round"].queryset = AnalysisRound.objects.filter(program=program)
        self.fields["round"].label_from_instance = lambda r: _("Round %(number)s") % {"number": r.number}
        self.fields["linked"].queryset = Memo.objects.filter(program=program).filter(
            Q(source__isnull=True) | Q(source__in=sources.values("pk"))
        )

    def filters(self) -> MemoFilters:
        data = self.cleaned_data
        return MemoFilters(
            words=data.get("q") or "",
            mine=bool(data.get("mine")),
            about=data.get("about") or "",
            theme=data.get("theme"),
            source=data.get("source"),
            analysis_round=data.get("round"),
            linked_to=data.get("linked"),
        )
