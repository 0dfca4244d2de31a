"""Every string the Python code shows a person is marked for translation, so a new plain one fails here.

The check reads src/ with ast and flags a plain literal, f-string or "...".format() given to a call that shows
it: messages.success/info/warning/error, ApplicationError, ValidationError, RefiQdaError, HttpResponse error
texts, JsonResponse({"error": ...}), form.add_error(field, ...), and form or model fields' label=, help_text=,
empty_label=, error_messages= and the labels of literal choices= lists (inline or a module constant).
Management commands (administrators at a terminal) stay English and are not read.
"""

from pathlib import Path

from django.conf import settings

from balint.core.testing.i18n import unmarked_calls_in, unmarked_calls_in_package

PACKAGE = Path(settings.PACKAGE_DIR)
# (file, start of the text) of the few strings that are shown but deliberately stay English.
ALLOWED: set[tuple[str, str]] = {
    # The page served while the database is unreachable: static, self-contained, lang="en".
    ("core/unavailable.py", "'<!doctype html>"),
    # Stored on a theme run and printed by the `suggest` command (a terminal); pages show `engine_note`.
    ("insights/engine/embeddings.py", "f'The sentence-embedding model is not installed"),
}


def test_it_marks_every_string_python_shows() -> None:
    found = [
        f
        for f in unmarked_calls_in_package(PACKAGE)
        if not any(f.path == p and f.text.startswith(t) for p, t in ALLOWED)
    ]
    assert not found, "unmarked text (wrap it in gettext / gettext_lazy):\n" + "\n".join(map(str, found))


def test_it_finds_plain_strings_in_the_calls_that_show_them() -> None:
    source = """
messages.success(request, "Saved.")
messages.error(request, _("Marked."))
raise ApplicationError(f"No theme {name}.")
raise ValidationError({"title": "Too long.", "code": _("Marked.")})
field = forms.CharField(label="Title", help_text=_("Marked."), error_messages={"required": "Say it."})
return JsonResponse({"error": "Not found.", "count": 3})
raise ApplicationError(message)
raise RefiQdaError("{n} codes.".format(n=n))
row.errors.append("The name is empty.")
warnings.append(_("Marked."))
job.step(10, "Collecting the analysis")
class Source(models.TextChoices):
    ENTERED = "entered", "Entered by hand"
    IMPORTED = "imported", gettext_lazy("Marked")
self.add_error("end", "It ends before it starts.")
kind = forms.ChoiceField(choices=[("", "All kinds"), ("x", _("Marked")), *Source.choices])
SIZES = [("s", "Small"), ("l", _("Marked"))]
size = forms.ChoiceField(choices=SIZES)
"""
    assert sorted((f.line, f.call, f.text) for f in unmarked_calls_in(source)) == [
        (2, "messages.success", "'Saved.'"),
        (4, "ApplicationError", "f'No theme {name}.'"),
        (5, "ValidationError", "'Too long.'"),
        (6, "forms.CharField(error_messages=)", "'Say it.'"),
        (6, "forms.CharField(label=)", "'Title'"),
        (7, "JsonResponse['error']", "'Not found.'"),
        (9, "RefiQdaError", "'{n} codes.'"),
        (10, "errors/warnings.append", "'The name is empty.'"),
        (12, "job.step", "'Collecting the analysis'"),
        (14, "Source choice", "'Entered by hand'"),
        (16, "self.add_error", "'It ends before it starts.'"),
        (17, "forms.ChoiceField(choices=)", "'All kinds'"),
        (18, "forms.ChoiceField(choices=)", "'Small'"),
    ]


def test_it_finds_sentences_shown_through_constants_results_and_mappings() -> None:
    source = """
POLL_RULES = ("One vote each.", _("Marked."))
ATTENDANCE_RATE_DEFINITION = "Share of marks."
NEEDS_TWO = "Two coders are needed."
HEADERS = ("Title of the source", "Date")
def figure():
    return Figure(None, NEEDS_TWO)
def other():
    return Figure(None, f"No theme has {n}.")
def progress(met):
    advice = "" if met else "Confirm it here."
    return RequirementProgress(advice=advice, reason="Not approved.")
found[source.pk] = "Not de-identified."
found[source.pk] = None
self.fields[name].help_text = "Hold Ctrl."
field_arguments = {"label": label, "error_messages": {"required": "An answer is required."}}
class StudyForm(forms.ModelForm):
    class Meta:
        help_texts = {"aims": "What the study asks.", "title": _("Marked.")}
colour = RegexValidator(r"^#[0-9a-f]{6}$", "Give a colour.")
return json_error("Choose a theme.", 422)
"""
    assert sorted((f.line, f.call, f.text) for f in unmarked_calls_in(source)) == [
        (2, "POLL_RULES", "'One vote each.'"),
        (3, "ATTENDANCE_RATE_DEFINITION", "'Share of marks.'"),
        (4, "Figure", "'Two coders are needed.'"),
        (9, "Figure", "f'No theme has {n}.'"),
        (11, "RequirementProgress(advice=)", "'Confirm it here.'"),
        (12, "RequirementProgress(reason=)", "'Not approved.'"),
        (13, "found[...]", "'Not de-identified.'"),
        (15, ".help_text =", "'Hold Ctrl.'"),
        (16, "'error_messages'", "'An answer is required.'"),
        (19, "Meta.help_texts", "'What the study asks.'"),
        (20, "RegexValidator", "'Give a colour.'"),
        (21, "json_error", "'Choose a theme.'"),
    ]


def test_it_lets_symbols_and_names_through() -> None:
    assert not unmarked_calls_in(
        'raise ApplicationError("CSV")\nforms.CharField(label="ORCID", help_text="—")'
    )
