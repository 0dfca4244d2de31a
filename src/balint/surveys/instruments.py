"""Ready-made instruments in Balint's own wording, modelled on how residency programs evaluate groups.

They are Balint's own questions, not a published validated scale, so they are translated (lazily): a
program's copy is made in the program's language (`instrument_create_ready_made`) and then stays as it is,
so every resident of that program answers the same wording.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from balint.surveys.models import LIKERT_LABELS, Instrument, Question


@dataclass(frozen=True)
class QuestionSpec:
    kind: str
    text: str
    choices: list[str] = field(default_factory=list)
    help_text: str = ""


@dataclass(frozen=True)
class InstrumentSpec:
    kind: str
    name: str
    description: str
    questions: list[QuestionSpec]


def _likert(text: str, points: int = 5) -> QuestionSpec:
    return QuestionSpec(Question.Kind.LIKERT, text, list(LIKERT_LABELS[points]))


def _open(text: str, help_text: str = "") -> QuestionSpec:
    return QuestionSpec(Question.Kind.OPEN, text, help_text=help_text)


NO_NAMES = _(
    "Please leave out names of patients, colleagues and places; a transcriber removes any that remain."
)

READY_MADE: dict[str, InstrumentSpec] = {
    Instrument.Kind.NEEDS_ASSESSMENT: InstrumentSpec(
        kind=Instrument.Kind.NEEDS_ASSESSMENT,
        name=_("Needs assessment"),
        description=(
            _(
                "Five open questions for the start of a group or a new academic year. Answers are read first "
                "by a transcriber, who removes anything that could identify you; the leaders see only the "
                "transcripts."
            )
        ),
        questions=[
            _open(_("In your own words, what is the Balint group for?"), NO_NAMES),
            _open(
                _(
                    "How well does the group serve what you need to learn and how you want to grow as a "
                    "physician? Tell us what works and what does not."
                ),
                NO_NAMES,
            ),
            _open(
                _("If you could decide how we spend our time together, what would you do with it?"), NO_NAMES
            ),
            _open(
                _(
                    "What about the way the group runs (its rules, timing, who may join late, how a case is "
                    "discussed) helps you take part, and what gets in the way?"
                ),
                NO_NAMES,
            ),
            _open(_("Is there anything else the leaders should know?"), NO_NAMES),
        ],
    ),
    Instrument.Kind.END_OF_PROGRAM: InstrumentSpec(
        kind=Instrument.Kind.END_OF_PROGRAM,
        name=_("End-of-program feedback"),
        description=_("For residents in their last year: what the group gave them and what should change."),
        questions=[
            _likert(_("The group helped me understand my relationships with patients.")),
            _likert(_("I noticed and examined my own feelings about patients more than before.")),
            _likert(_("I felt safe saying what I really thought in the group.")),
            _likert(_("Case discussions helped me with patients I found hard to care for.")),
            _likert(_("The professional-development sessions were useful to me.")),
            QuestionSpec(
                Question.Kind.SINGLE,
                _("How often did you come to the group?"),
                [
                    _("Almost every session"),
                    _("Most sessions"),
                    _("About half"),
                    _("Now and then"),
                    _("Rarely"),
                ],
            ),
            QuestionSpec(
                Question.Kind.MULTIPLE,
                _("Which parts of the group were most valuable to you? (choose any)"),
                [
                    _("Case discussions in the Balint format"),
                    _("Working out strategies for a case"),
                    _("Professional-development topics"),
                    _("Hearing how colleagues feel about their patients"),
                    _("A protected hour away from clinical work"),
                ],
            ),
            _open(_("What would you tell a resident who is about to join the group?"), NO_NAMES),
            _open(_("What should the leaders change for the next class?"), NO_NAMES),
        ],
    ),
    Instrument.Kind.PULSE: InstrumentSpec(
        kind=Instrument.Kind.PULSE,
        name=_("After-session pulse"),
        description=_("Three quick questions after a session."),
        questions=[
            _likert(_("Today's session was worth my time."), points=7),
            _likert(_("I could say what I wanted to say today.")),
            _open(_("One thing you will take from today, or one thing you would change."), NO_NAMES),
        ],
    ),
}
