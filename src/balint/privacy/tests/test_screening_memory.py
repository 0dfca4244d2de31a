"""A span a writer kept (with a reason) is not asked again in that field while its text is unchanged."""

from django import forms

from balint.privacy.forms import ScreenedTextMixin
from balint.privacy.models import ScreeningKeep


class NoteForm(ScreenedTextMixin, forms.Form):
    screened_fields = ("content",)
    content = forms.CharField(widget=forms.Textarea, max_length=5000)


class OtherForm(NoteForm):
    pass


TEXT = "Dr. Okafor from cardiology called about the patient."


def _keep_everything(world, person, text=TEXT):
    form = NoteForm({"content": text}, program=world.program, person=person)
    assert not form.is_valid()
    (panel,) = form.screening_panels
    data = {"content": text}
    for choice in panel.choices:
        data[choice.choice_name] = "keep"
        data[choice.reason_name] = "A colleague's name, not a patient's."
    form = NoteForm(data, program=world.program, person=person)
    assert form.is_valid(), form.errors
    return form


def test_a_kept_span_is_not_asked_again_by_a_co_leader(world, leader):
    co_leader = world.co_leader
    _keep_everything(world, leader)
    assert ScreeningKeep.objects.count() >= 1
    kept = ScreeningKeep.objects.count()
    # A later save by the co-leader, the span unchanged and text added elsewhere: nothing is asked.
    form = NoteForm({"content": "Later: " + TEXT}, program=world.program, person=co_leader)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["content"] == "Later: " + TEXT
    assert ScreeningKeep.objects.count() == kept  # not recorded twice


def test_a_changed_span_or_another_field_is_asked_afresh(world, leader):
    co_leader = world.co_leader
    _keep_everything(world, leader)
    changed = NoteForm(
        {"content": TEXT.replace("Okafor", "Okonkwo")}, program=world.program, person=co_leader
    )
    assert not changed.is_valid() and "possible identifier" in changed.errors["content"][0]
    other = OtherForm({"content": TEXT}, program=world.program, person=co_leader)
    assert not other.is_valid()


def test_the_memory_holds_no_words_and_stays_in_its_program(world, leader, settings):
    _keep_everything(world, leader)
    for keep in ScreeningKeep.objects.all():
        assert "Okafor" not in keep.digest and len(keep.digest) == 64
    outsider_form = NoteForm({"content": TEXT}, program=world.other_program, person=world.outsider)
    assert not outsider_form.is_valid()
