"""Ready-made instruments in Balint's own wording, modelled on how residency programs evaluate groups."""

from dataclasses import dataclass, field

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


NO_NAMES = "Please leave out names of patients, colleagues and places; a transcriber removes any that remain."

READY_MADE: dict[str, InstrumentSpec] = {
    Instrument.Kind.NEEDS_ASSESSMENT: InstrumentSpec(
        kind=Instrument.Kind.NEEDS_ASSESSMENT,
        name="Needs assessment",
        description=(
            "Five open questions for the start of a group or a new academic year. Answers are read first "
            "by a transcriber, who removes anything that could identify you; the leaders see only the "
            "transcripts."
        ),
        questions=[
            _open("In your own words, what is the Balint group for?", NO_NAMES),
            _open(
                "How well does the group serve what you need to learn and how you want to grow as a "
                "physician? Tell us what works and what does not.",
                NO_NAMES,
            ),
            _open("If you could decide how we spend our time together, what would you do with it?", NO_NAMES),
            _open(
                "What about the way the group runs (its rules, timing, who may join late, how a case is "
                "discussed) helps you take part, and what gets in the way?",
                NO_NAMES,
            ),
            _open("Is there anything else the leaders should know?", NO_NAMES),
        ],
    ),
    Instrument.Kind.END_OF_PROGRAM: InstrumentSpec(
        kind=Instrument.Kind.END_OF_PROGRAM,
        name="End-of-program feedback",
        description="For residents in their last year: what the group gave them and what should change.",
        questions=[
            _likert("The group helped me understand my relationships with patients."),
            _likert("I noticed and examined my own feelings about patients more than before."),
            _likert("I felt safe saying what I really thought in the group."),
            _likert("Case discussions helped me with patients I found hard to care for."),
            _likert("The professional-development sessions were useful to me."),
            QuestionSpec(
                Question.Kind.SINGLE,
                "How often did you come to the group?",
                ["Almost every session", "Most sessions", "About half", "Now and then", "Rarely"],
            ),
            QuestionSpec(
                Question.Kind.MULTIPLE,
                "Which parts of the group were most valuable to you? (choose any)",
                [
                    "Case discussions in the Balint format",
                    "Working out strategies for a case",
                    "Professional-development topics",
                    "Hearing how colleagues feel about their patients",
                    "A protected hour away from clinical work",
                ],
            ),
            _open("What would you tell a resident who is about to join the group?", NO_NAMES),
            _open("What should the leaders change for the next class?", NO_NAMES),
        ],
    ),
    Instrument.Kind.PULSE: InstrumentSpec(
        kind=Instrument.Kind.PULSE,
        name="After-session pulse",
        description="Three quick questions after a session.",
        questions=[
            _likert("Today's session was worth my time.", points=7),
            _likert("I could say what I wanted to say today."),
            _open("One thing you will take from today, or one thing you would change.", NO_NAMES),
        ],
    ),
}
