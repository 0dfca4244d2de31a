"""The screening step: nothing is stored until each marked span is replaced, kept with a reason or edited."""

import pytest
from conftest import PASSWORD
from django import forms
from django.urls import reverse

from balint.privacy.forms import ScreenedTextMixin
from balint.privacy.models import AuditEvent, ScreeningKeep
from balint.privacy.services import Decision, screen_for_storage


class NoteForm(ScreenedTextMixin, forms.Form):
    screened_fields = ("content",)
    content = forms.CharField(widget=forms.Textarea, max_length=5000)
    title = forms.CharField(max_length=100, required=False)


TEXT = "Rita Resident presented Mr. Jones, seen on 3/14/2024 at the clinic."


def choice_names(form: NoteForm) -> dict[str, str]:
    """Span text -> radio input name, from what the partial would render."""
    (panel,) = form.screening_panels
    return {c.span.text: c.choice_name for c in panel.choices}


def test_it_screens_with_the_programs_roster_names(world):
    result = screen_for_storage(text="Rita Resident spoke first.", program=world.program)
    assert [(s.text, s.kind) for s in result.spans] == [("Rita Resident", "NAME")]
    assert not result.is_complete
    with pytest.raises(ValueError):
        _ = result.text


def test_it_does_not_use_another_programs_roster(world):
    from conftest import make_person

    from balint.programs.models import Role

    make_person(world.other_program, "quillon", Role.RESIDENT, "Quillon Vantrever")
    text = "Quillon Vantrever spoke."
    assert screen_for_storage(text=text, program=world.program).spans == []
    other = screen_for_storage(text=text, program=world.other_program)
    assert [s.text for s in other.spans] == ["Quillon Vantrever"]


def test_it_completes_clean_text_at_once(world):
    result = screen_for_storage(text="The group explored trust.", program=world.program)
    assert result.is_complete and result.text == "The group explored trust."


def test_it_replaces_and_keeps_per_span(world):
    first = screen_for_storage(text=TEXT, program=world.program)
    decisions = {key: Decision("replace") for key, _ in first.keyed()}
    name_key = next(k for k, s in first.keyed() if s.text == "Rita Resident")
    decisions[name_key] = Decision("keep", "she asked to be named")
    result = screen_for_storage(text=TEXT, program=world.program, decisions=decisions)
    assert result.is_complete
    assert result.text.startswith("Rita Resident presented")
    assert "Jones" not in result.text and "3/14/2024" not in result.text
    assert "[NAME]" in result.text and "[DATE]" in result.text


def test_it_needs_a_reason_to_keep(world):
    first = screen_for_storage(text=TEXT, program=world.program)
    decisions = {key: Decision("keep", "  ") for key, _ in first.keyed()}
    result = screen_for_storage(text=TEXT, program=world.program, decisions=decisions)
    assert len(result.pending) == len(first.spans)
    assert set(result.errors.values()) == {"Say why this should be kept."}


def test_it_keeps_decisions_when_the_writer_edits_elsewhere(world):
    first = screen_for_storage(text=TEXT, program=world.program)
    decisions = {key: Decision("replace") for key, _ in first.keyed()}
    edited = "Before that, " + TEXT
    assert screen_for_storage(text=edited, program=world.program, decisions=decisions).is_complete


def test_the_form_refuses_until_every_span_is_decided_then_stores_placeholders(world, leader):
    form = NoteForm({"content": TEXT, "title": "t"}, program=world.program, person=leader)
    assert not form.is_valid()
    assert "possible identifiers marked below" in form.errors["content"][0]
    names = choice_names(form)
    data = {"content": TEXT, "title": "t"}
    for name in names.values():
        data[name] = "replace"
    data[names["Rita Resident"]] = "keep"
    data[names["Rita Resident"] + "-reason"] = "The resident's own name, not a patient's."
    form = NoteForm(data, program=world.program, person=leader)
    assert form.is_valid(), form.errors
    assert "Jones" not in form.cleaned_data["content"]
    assert form.cleaned_data["content"].startswith("Rita Resident presented")
    keep = ScreeningKeep.objects.get()
    assert keep.kind == "NAME" and keep.person == leader and keep.where == "NoteForm.content"
    assert keep.reason == "The resident's own name, not a patient's."
    assert AuditEvent.objects.filter(
        action="changed", object_type="screening", program=world.program
    ).exists()


def test_the_form_reshows_a_forged_or_partial_decision(world, leader):
    form = NoteForm({"content": TEXT}, program=world.program, person=leader)
    form.is_valid()
    names = choice_names(form)
    data = {
        "content": TEXT,
        next(iter(names.values())): "delete-everything",
        "screening-content-bogus": "replace",
    }
    form = NoteForm(data, program=world.program, person=leader)
    assert not form.is_valid()
    assert len(form.screening["content"].pending) == len(names)
    assert not ScreeningKeep.objects.exists()


def test_the_partial_marks_spans_escaped_with_js_offsets(world, leader):
    text = "Zoë\r\nsaw <b>Mr. Jones</b>"
    form = NoteForm({"content": text}, program=world.program, person=leader)
    form.is_valid()
    (panel,) = form.screening_panels
    choice = next(c for c in panel.choices if "Jones" in c.span.text)
    # The browser's textarea has LF line ends: the CR is not counted.
    assert choice.js_start == text.index(choice.span.text) - 1
    from django.template.loader import render_to_string

    html = render_to_string("privacy/partials/_screening.html", {"form": form})
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert '<mark class="screening-mark"' in html
    assert "<script src=" in html and "<script>" not in html


def test_the_screening_page_works_end_to_end(client, world, leader):
    client.login(username=leader.user.username, password=PASSWORD)
    url = reverse("privacy:screen_try", args=[world.program.slug])
    response = client.post(url, {"text": TEXT})
    assert response.status_code == 422
    body = response.content.decode()
    assert "Possible identifiers" in body and 'value="replace"' in body
    form = response.context["form"]
    data = {"text": TEXT}
    for name in choice_names_for(form, "text").values():
        data[name] = "replace"
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["result"] == "[NAME] presented Mr. [NAME], seen on [DATE] at the clinic."
    assert not ScreeningKeep.objects.exists()  # the check page stores nothing


def test_the_reason_box_is_hidden_until_keep_is_chosen_even_before_the_script_runs(client, world, leader):
    client.login(username=leader.user.username, password=PASSWORD)
    url = reverse("privacy:screen_try", args=[world.program.slug])
    body = client.post(url, {"text": TEXT}).content.decode()
    assert body.count("data-screening-reason hidden") == body.count("data-screening-reason")
    form = client.post(url, {"text": TEXT}).context["form"]
    keep = next(iter(choice_names_for(form, "text").values()))
    body = client.post(url, {"text": TEXT, keep: "keep"}).content.decode()  # kept without a reason
    assert body.count("data-screening-reason>") == 1  # that one shown, with its error; the rest hidden


def choice_names_for(form, field: str) -> dict[str, str]:
    (panel,) = [p for p in form.screening_panels if p.field_name == field]
    return {c.span.text: c.choice_name for c in panel.choices}
