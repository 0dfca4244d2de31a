"""Forms of the analysis workspace; every field limited and validated."""

from __future__ import annotations

from uuid import UUID

from django import forms
from django.db import connection
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy, pgettext_lazy

from balint.coding.importers import SUPPORTED
from balint.coding.models import Category, Coding, Source, Theme, colour_validator
from balint.coding.units import Granularity
from balint.core.rows import columns, db_value, instance
from balint.core.uploads import DOCUMENT_MB, LimitedFileField
from balint.core.widgets import ModelChoiceField, ModelMultipleChoiceField, Select
from balint.programs.models import Cohort, Group, Person, Program

QUOTE_MAX = 2_000_000
DATE = forms.DateInput(attrs={"type": "date"})
THEME_ERRORS = {
    "required": gettext_lazy("Choose one or more themes."),
    "invalid_choice": gettext_lazy("%(value)s is not one of the active themes of this codebook."),
}


class SourceImportForm(forms.Form):
    file = LimitedFileField(cap_mb=DOCUMENT_MB, help_text=f"{', '.join(SUPPORTED)}.")
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Defaults to the file name."),
    )
    date = forms.DateField(required=False, widget=DATE, label=gettext_lazy("Date"))
    group = forms.ModelChoiceField(
        queryset=Group.objects.none(), required=False, widget=Select, label=gettext_lazy("Group")
    )
    cohort = forms.ModelChoiceField(
        queryset=Cohort.objects.none(), required=False, widget=Select, label=gettext_lazy("Cohort")
    )
    attributes = forms.CharField(
        label=gettext_lazy("Attributes"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One “name: value” per line, e.g. “training year: PGY-2”."),
    )
    deidentified = forms.BooleanField(
        required=False,
        label=gettext_lazy(
            "This document is de-identified (no resident or patient names); analysts may see it."
        ),
    )

    def __init__(self, *args, program: Program, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = program.groups.all()
        self.fields["cohort"].queryset = program.cohorts.all()
        self.fields["file"].widget.attrs["accept"] = ",".join(SUPPORTED)


class ThemeForm(forms.Form):
    name = forms.CharField(max_length=120, label=gettext_lazy("Name"))
    parent = forms.ModelChoiceField(
        queryset=Theme.objects.none(),
        required=False,
        empty_label=gettext_lazy("(top level)"),
        label=gettext_lazy("Parent"),
    )
    category = forms.ModelChoiceField(
        queryset=Category.objects.none(), required=False, to_field_name="name", label=gettext_lazy("Category")
    )
    colour = forms.CharField(
        label=gettext_lazy("Colour"),
        max_length=7,
        initial="#f5c542",
        validators=[colour_validator],
        widget=forms.TextInput(attrs={"type": "color"}),
    )
    definition = forms.CharField(
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=gettext_lazy("Definition"),
    )
    inclusion = forms.CharField(
        label=gettext_lazy("When to use"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    exclusion = forms.CharField(
        label=gettext_lazy("When not to use"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    example = forms.CharField(
        label=gettext_lazy("Example quote"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args,
        program: Program,
        theme: Theme | None = None,
        categories: list[Category] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        parents = Theme.objects.filter(program=program, active=True)
        if theme is not None:
            parents = parents.exclude(pk=theme.pk)
        self.fields["parent"].queryset = parents
        self.fields["category"].queryset = Category.objects.filter(program=program)
        if categories and categories[0].pk is None:
            # The default list, not stored yet (a GET writes nothing): offered by name, stored on the POST.
            self.fields["category"].choices = [("", "---------"), *((c.name, c.name) for c in categories)]


class NewThemeForm(forms.Form):
    """The coding page's "new theme": a name and, optionally, the theme it goes under (by its code)."""

    name = forms.CharField(max_length=120)
    parent = forms.ModelChoiceField(queryset=Theme.objects.none(), required=False, to_field_name="code")

    def __init__(self, *args, program: Program, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Theme.objects.filter(program=program, active=True)


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(queryset=Theme.objects.none(), label=gettext_lazy("Merge into"))

    def __init__(self, *args, theme: Theme, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = Theme.objects.filter(program=theme.program, active=True).exclude(
            pk=theme.pk
        )


class CodingChoiceField(forms.ModelMultipleChoiceField):
    names: dict[int, str] = {}

    def label_from_instance(self, obj: Coding) -> str:
        return f"{obj.source.title}: “{obj.quote[:120]}” ({self.names.get(obj.coder_id, 'a coder')})"


def _name_coders(field: forms.ModelChoiceField, names: dict[int, str]) -> None:
    """Label each coder with the name the viewer may see (`balint.coding.people.coder_names`)."""
    field.label_from_instance = lambda person: names.get(person.pk, "a coder")


class SplitForm(forms.Form):
    name = forms.CharField(max_length=120, label=gettext_lazy("Name of the new theme"))
    as_child = forms.BooleanField(required=False, label=gettext_lazy("Place the new theme under this one"))
    codings = CodingChoiceField(
        queryset=Coding.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        to_field_name="code",
        label=gettext_lazy("Codings to move to the new theme"),
    )

    def __init__(self, *args, theme: Theme, sources, names: dict[int, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["codings"].names = names
        self.fields["codings"].queryset = (
            Coding.objects.filter(theme=theme, source__in=sources.values("pk"))
            .select_related("source", "coder")
            .order_by("source__date", "start")
        )


class CategoriesForm(forms.Form):
    names = forms.CharField(
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 8}),
        label=gettext_lazy("Categories"),
        help_text=(
            gettext_lazy(
                "One per line, in the order they should appear. A category used by a theme cannot be removed."
            )
        ),
    )


class MemoForm(forms.Form):
    title = forms.CharField(max_length=200, label=gettext_lazy("Title"))
    body = forms.CharField(
        label=gettext_lazy("Text"),
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=gettext_lazy("Markdown: *emphasis*, lists, > quotes."),
    )


class RoundForm(forms.Form):
    started_on = forms.DateField(widget=DATE, label=gettext_lazy("Started on"))
    ended_on = forms.DateField(required=False, widget=DATE, label=gettext_lazy("Ended on"))
    reflection = forms.CharField(
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        label=gettext_lazy("Reflection memo"),
        help_text=gettext_lazy(
            "Markdown. What you immersed in, what crystallised, what changed in the codebook."
        ),
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("ended_on") and data.get("started_on") and data["ended_on"] < data["started_on"]:
            self.add_error("ended_on", gettext_lazy("A round cannot end before it starts."))
        return data


class CodeListField(forms.Field):
    """Several object codes (UUIDs) from one repeated parameter; the form looks the objects up itself."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: object) -> list[UUID]:
        if not value:
            return []
        if not isinstance(value, list | tuple):
            raise forms.ValidationError(self.error_messages["invalid_choice"], params={"value": value})
        codes = []
        for item in value:
            try:
                codes.append(UUID(str(item)))
            except ValueError:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                ) from None
        return codes


PERSPECTIVES = frozenset(Coding.Perspective.values) | {""}


class CodingForm(forms.Form):
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)
    # Theme codes, looked up in one query in clean_themes (a ModelMultipleChoiceField builds one query per
    # value to validate it, a large share of a highlight request's time).
    themes = CodeListField(error_messages=THEME_ERRORS)
    perspective = forms.ChoiceField(choices=Coding.Perspective.choices, required=False)
    quote = forms.CharField(required=False, strip=False, max_length=QUOTE_MAX)

    def __init__(self, *args, program: Program, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.program = program

    def clean_themes(self) -> list[Theme]:
        """The program's active themes with these codes, in the order given; an unknown one is refused."""
        codes = list(dict.fromkeys(self.cleaned_data["themes"]))
        found = {t.code: t for t in active_themes(program=self.program, codes=codes)}
        missing = [str(code) for code in codes if code not in found]
        if missing:
            raise forms.ValidationError(
                THEME_ERRORS["invalid_choice"], code="invalid_choice", params={"value": missing[0]}
            )
        return [found[code] for code in codes]


def coding_input(post: QueryDict, *, program: Program) -> dict | None:
    """What `CodingForm` would clean from a plainly well-formed highlight request (whole numbers in digits,
    theme codes, a known perspective), without building the form; None for anything else, which the form
    then judges (and words the error for). The highlight endpoint takes this path thousands of times."""
    start, end, perspective = post.get("start", ""), post.get("end", ""), post.get("perspective", "")
    quote, codes = post.get("quote", ""), post.getlist("themes")
    plain = all(v.isascii() and v.isdigit() and len(v) <= 15 for v in (start, end))
    if not plain or not codes or perspective not in PERSPECTIVES or len(quote) > QUOTE_MAX or "\x00" in quote:
        return None
    try:
        codes = list(dict.fromkeys(UUID(code) for code in codes))
    except ValueError:
        return None
    if int(end) < 1:
        return None
    found = {t.code: t for t in active_themes(program=program, codes=codes)}
    if len(found) != len(codes):
        return None
    themes = [found[code] for code in codes]
    return {
        "start": int(start),
        "end": int(end),
        "themes": themes,
        "perspective": perspective,
        "quote": quote,
    }


def active_themes(*, program: Program, codes: list[UUID]) -> list[Theme]:
    """The program's active themes with these codes, in one query written as SQL: the highlight endpoint
    asks it once per highlight, and building it through the ORM cost twenty times running it."""
    if not codes:
        return []
    marks = ", ".join(["%s"] * len(codes))
    sql = (
        'SELECT {columns} FROM "{table}" t WHERE t."program_id" = %s AND t."active" AND t."code" IN ({marks})'
    )
    sql = sql.format(columns=columns(Theme, "t"), table=Theme._meta.db_table, marks=marks)
    with connection.cursor() as cursor:
        cursor.execute(sql, [program.pk, *(db_value(Theme, "code", code) for code in codes)])
        return [instance(Theme, row) for row in cursor.fetchall()]


class PerspectiveForm(forms.Form):
    perspective = forms.ChoiceField(choices=Coding.Perspective.choices, required=False)


PERSPECTIVE_ANY = "any"
# The filter's value -> the stored perspective (None: any perspective).
PERSPECTIVE_VALUES = {PERSPECTIVE_ANY: None, "none": "", **{v: v for v in Coding.Perspective.values if v}}


def _group_choices(program: Program) -> QuerySet[Group]:
    """The program's groups as a filter lists them: only what the option shows and its value."""
    return program.groups.only("pk", "code", "name", "program_id")


class FiltersForm(forms.Form):
    group = ModelChoiceField(
        queryset=Group.objects.none(),
        required=False,
        empty_label=gettext_lazy("All groups"),
        widget=Select,
        label=gettext_lazy("Group"),
    )
    cohort = ModelChoiceField(
        queryset=Cohort.objects.none(),
        required=False,
        empty_label=gettext_lazy("All cohorts"),
        widget=Select,
        label=gettext_lazy("Cohort"),
    )
    date_from = forms.DateField(required=False, widget=DATE, label=gettext_lazy("From"))
    date_to = forms.DateField(required=False, widget=DATE, label=gettext_lazy("To"))
    kind = forms.ChoiceField(
        choices=[("", gettext_lazy("All kinds")), *Source.Kind.choices],
        required=False,
        label=gettext_lazy("Source kind"),
    )
    perspective = forms.ChoiceField(
        choices=[
            (PERSPECTIVE_ANY, gettext_lazy("Any perspective")),
            *[(value or "none", label) for value, label in Coding.Perspective.choices],
        ],
        required=False,
        label=gettext_lazy("Perspective"),
    )
    coder = ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        empty_label=gettext_lazy("All coders"),
        widget=Select,
        label=gettext_lazy("Coder"),
    )

    def __init__(
        self,
        *args,
        program: Program,
        coders: list[Person],
        names: dict[int, str],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = _group_choices(program)
        self.fields["cohort"].queryset = program.cohorts.all()
        self.fields["coder"].queryset = Person.objects.filter(pk__in=[c.pk for c in coders]).order_by("code")
        _name_coders(self.fields["coder"], names)


# The units of analysis the agreement page offers, named in the reader's language.
GRANULARITY_LABELS = {
    Granularity.SOURCE: gettext_lazy("Source"),
    Granularity.PARAGRAPH: gettext_lazy("Paragraph"),
    Granularity.SENTENCE: gettext_lazy("Sentence"),
}
# A unit's name in running text: "cut into units (paragraphs)", "paragraph 3".
UNIT_NAMES = {
    Granularity.SOURCE: pgettext_lazy("unit of agreement", "source"),
    Granularity.PARAGRAPH: pgettext_lazy("unit of agreement", "paragraph"),
    Granularity.SENTENCE: pgettext_lazy("unit of agreement", "sentence"),
}


class AgreementForm(forms.Form):
    coders = ModelMultipleChoiceField(
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        to_field_name="code",
        label=gettext_lazy("Coders"),
    )
    granularity = forms.ChoiceField(
        choices=[(g.value, GRANULARITY_LABELS[g]) for g in Granularity],
        initial=Granularity.PARAGRAPH,
        label=gettext_lazy("Unit"),
    )
    uncoded = forms.ChoiceField(
        choices=[
            ("exclude", gettext_lazy("Leave out text nobody coded")),
            ("include", gettext_lazy("Count text nobody coded as agreed “absent”")),
        ],
        initial="exclude",
        label=gettext_lazy("Uncoded text"),
    )
    group = ModelChoiceField(
        queryset=Group.objects.none(),
        required=False,
        empty_label=gettext_lazy("All groups"),
        widget=Select,
        label=gettext_lazy("Group"),
    )
    kind = forms.ChoiceField(
        choices=[("", gettext_lazy("All kinds")), *Source.Kind.choices],
        required=False,
        label=gettext_lazy("Source kind"),
    )

    def __init__(
        self,
        *args,
        program: Program,
        coders: list[Person],
        names: dict[int, str],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coders"].queryset = Person.objects.filter(pk__in=[c.pk for c in coders]).order_by("code")
        _name_coders(self.fields["coders"], names)
        self.fields["group"].queryset = _group_choices(program)
