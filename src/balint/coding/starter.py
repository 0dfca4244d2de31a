"""The codebook a new program starts from, in the program's language, and the default categories' keys.

The default categories and the starter themes are written in English here and translated (German, Spanish)
in the catalogues; a program gets them in its own language (its default language, else the site's). Code
that gives a default category a meaning of its own (the report's "Balint process" split, the suggestion
engine's category labels) reads it through `category_key`, which knows each default by any of its names.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy

from balint.coding.models import DEFAULT_CATEGORIES
from balint.programs.models import Program

# The default categories' names as people read them (DEFAULT_CATEGORIES holds the English keys).
CATEGORY_NAMES = {
    "Balint process": gettext_lazy("Balint process"),
    "Professional development": gettext_lazy("Professional development"),
    "Practical patient care": gettext_lazy("Practical patient care"),
    "Group process": gettext_lazy("Group process"),
    "Structure and logistics": gettext_lazy("Structure and logistics"),
    "Well-being": gettext_lazy("Well-being"),
    "Other": gettext_lazy("Other"),
}
assert list(CATEGORY_NAMES) == DEFAULT_CATEGORIES  # one list, two views of it


def _theme(name, category: str, colour: str, definition, children: list | None = None) -> tuple:
    return (name, category, colour, definition, children or [])


# name, category key, colour, definition, children (same shape): drawn from the practice in MISSION.md
STARTER: list[tuple] = [
    _theme(
        gettext_lazy("Doctor–patient relationship"),
        "Balint process",
        "#f4a261",
        gettext_lazy("Reflection on the relationship between the resident and the patient."),
        [
            _theme(
                gettext_lazy("Resident's feelings and reactions"),
                "Balint process",
                "#e76f51",
                gettext_lazy(
                    "The resident's own emotional experience of the patient: frustration, guilt, fondness, "
                    "fear."
                ),
            ),
            _theme(
                gettext_lazy("Patient's experience"),
                "Balint process",
                "#e9c46a",
                gettext_lazy("Imagining what the patient feels, hopes for or fears."),
            ),
            _theme(
                gettext_lazy("Trust"),
                "Balint process",
                "#9c89b8",
                gettext_lazy("Trust built or lost, with patients or within the group."),
            ),
            _theme(
                gettext_lazy("Responsibility"),
                "Balint process",
                "#b5838d",
                gettext_lazy("What the resident owes the patient, and where it ends."),
            ),
        ],
    ),
    _theme(
        gettext_lazy("Professional development"),
        "Professional development",
        "#2a9d8f",
        gettext_lazy("Growing into the role of physician and teacher."),
        [
            _theme(
                gettext_lazy("Supervision and feedback"),
                "Professional development",
                "#48cae4",
                gettext_lazy("Being supervised, supervising interns, giving and receiving feedback."),
            ),
            _theme(
                gettext_lazy("Difficult interactions with staff"),
                "Professional development",
                "#0096c7",
                gettext_lazy("Tension with nurses, front desk or colleagues."),
            ),
            _theme(
                gettext_lazy("New second-year responsibilities"),
                "Professional development",
                "#90e0ef",
                gettext_lazy("Skills needed for new PGY-2 duties."),
            ),
        ],
    ),
    _theme(
        gettext_lazy("Strategies for patient behaviours"),
        "Practical patient care",
        "#57cc99",
        gettext_lazy("Concrete strategies for specific patient behaviours, e.g. narcotic overuse."),
        [
            _theme(
                gettext_lazy("Narcotic contracts and refills"),
                "Practical patient care",
                "#38a3a5",
                gettext_lazy("Opioid agreements, early refill requests, pain medication."),
            ),
            _theme(
                gettext_lazy("Problem solving and strategizing"),
                "Practical patient care",
                "#80ed99",
                gettext_lazy("The group suggests next steps, phrases or plans."),
            ),
        ],
    ),
    _theme(
        gettext_lazy("Group process"),
        "Group process",
        "#a8dadc",
        gettext_lazy("How the group works: safety, silence, participation."),
    ),
    _theme(
        gettext_lazy("Structure and logistics"),
        "Structure and logistics",
        "#adb5bd",
        gettext_lazy("The seminar's format and the program around it."),
        [
            _theme(
                gettext_lazy("Strict structure and latecomers"),
                "Structure and logistics",
                "#ced4da",
                gettext_lazy(
                    "The traditional format, excluded latecomers, being discouraged from problem solving."
                ),
            ),
            _theme(
                gettext_lazy("Program obstacles"),
                "Structure and logistics",
                "#6c757d",
                gettext_lazy("Clinics running late, service duties."),
            ),
        ],
    ),
    _theme(
        gettext_lazy("Physician well-being"),
        "Well-being",
        "#ff8fab",
        gettext_lazy("Fatigue, workload, the weight of the inbox."),
    ),
]


def program_language(program: Program) -> str:
    """The language a program's shared content is written in: its default, else the site's."""
    code = program.default_language
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def category_names(program: Program) -> list[str]:
    """The default categories' names in the program's language, in their order."""
    with translation.override(program_language(program)):
        return [str(name) for name in CATEGORY_NAMES.values()]


@functools.cache
def _names_by_language() -> dict[str, str]:
    known: dict[str, str] = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            known |= {str(name).casefold(): key for key, name in CATEGORY_NAMES.items()}
    return known


def category_key(name: str) -> str:
    """The English key of a default category named in any shipped language ("Balint-Prozess" -> "Balint
    process"); any other name is returned as it is."""
    return _names_by_language().get(name.strip().casefold(), name)
