"""Every field a person sees on a form has a translated label, so no page shows Django's English auto-label.

A form field without `label=` is shown as its name capitalised ("Entry year", "Weekday"), and a ModelForm
field takes the model's `verbose_name`, plain English unless marked: either reaches a German or Spanish
reader in English. The walk below imports every module of the package and checks each Form class it defines,
so a new unlabelled field fails here.
"""

import importlib
import inspect
import pkgutil

from django import forms
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

import balint

# Forms never rendered from their fields: their input comes from a script or from inputs and labels the
# template writes itself, so Django's label is never shown. Form -> its exempt fields; None: every field.
NOT_RENDERED: dict[str, set[str] | None] = {
    # The coding page's script posts these and reads the JSON answer (coding.views.codings / codebook).
    "balint.coding.forms.CodingForm": None,
    "balint.coding.forms.PerspectiveForm": None,
    "balint.coding.forms.NewThemeForm": None,
    # The candidate's name input and its label are written in insights/partials/_candidate.html.
    "balint.insights.forms.PromoteForm": None,
    # A hidden proposal code and a button per proposal (meetings/meeting_detail.html).
    "balint.meetings.forms.VoteForm": None,
    # Hidden person code, status buttons and a reason select labelled by the row (_attendance_row.html).
    "balint.meetings.forms.AttendanceForm": None,
}


def _skipped(name: str) -> bool:
    parts = name.split(".")
    return any(p in ("tests", "migrations", "testing") for p in parts) or "settings" in parts


def _form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for info in pkgutil.walk_packages(balint.__path__, "balint."):
        if _skipped(info.name):
            continue
        module = importlib.import_module(info.name)  # an import error fails the test: no module is skipped
        for obj in vars(module).values():
            if inspect.isclass(obj) and issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__:
                found.append(obj)
    return found


def _unlabelled(form_classes: list[type[forms.BaseForm]]) -> list[str]:
    missing = []
    for form in form_classes:
        name = f"{form.__module__}.{form.__name__}"
        exempt = NOT_RENDERED.get(name, set())
        for field_name, field in form.base_fields.items():
            if exempt is None or field_name in exempt or isinstance(field.widget, forms.HiddenInput):
                continue
            if not isinstance(field.label, Promise):
                missing.append(f"{name}.{field_name} (label={field.label!r})")
    return missing


def test_every_visible_form_field_has_a_translated_label() -> None:
    form_classes = _form_classes()
    assert len(form_classes) > 70  # the walk reached the apps' forms
    missing = _unlabelled(form_classes)
    assert not missing, "give these fields label=gettext_lazy(...):\n" + "\n".join(missing)


def test_the_exemptions_name_existing_forms() -> None:
    names = {f"{f.__module__}.{f.__name__}" for f in _form_classes()}
    assert set(NOT_RENDERED) <= names, set(NOT_RENDERED) - names


def test_it_flags_a_missing_and_a_plain_label() -> None:
    class Sample(forms.Form):
        entry_year = forms.IntegerField()
        title = forms.CharField(label="Title")
        hidden = forms.CharField(widget=forms.HiddenInput)
        ok = forms.CharField(label=gettext_lazy("Name"))

    Sample.__module__ = "balint.sample"
    assert _unlabelled([Sample]) == [
        "balint.sample.Sample.entry_year (label=None)",
        "balint.sample.Sample.title (label='Title')",
    ]


def test_the_cohort_form_reads_in_german(client, world) -> None:
    client.force_login(world.administrator.user)
    page = client.get(reverse("programs:cohorts", args=[world.program.slug]), HTTP_ACCEPT_LANGUAGE="de")
    text = page.content.decode()
    assert page.status_code == 200
    assert ">Eintrittsjahr</label>" in text
    assert ">Entry year</label>" not in text and ">Name</label>" in text


def test_the_schedule_form_reads_in_german(client, world) -> None:
    client.force_login(world.leader.user)
    page = client.get(reverse("meetings:schedule", args=[world.group.code]), HTTP_ACCEPT_LANGUAGE="de")
    text = page.content.decode()
    assert page.status_code == 200
    for german in ("Wiederholung", "Wochentag", "Wochen des Monats", "Beginn (Uhrzeit)", "Erster Tag"):
        assert f">{german}</label>" in text, german
    for english in ("Repeat", "Weekday", "Weeks of the month", "Start time", "Starts on", "Ends on"):
        assert f">{english}</label>" not in text, english
    assert ">Dienstag</option>" in text and ">Tuesday</option>" not in text  # the weekdays too
