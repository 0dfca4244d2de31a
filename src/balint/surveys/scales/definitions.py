"""Scoring definitions of published instruments: items, response points, reversed items, subscales, rules.

No item wording from other authors is carried here: each item has a short key and a neutral description
of what it asks about, written by us. A program enters or imports the wording from its own copy (see
`balint.surveys.scales.formats`). Instruments under licence (`score_only=True`) are never administered
here; a program enters or imports the scores it obtained under its own licence.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    key: str  # "1".."19": the item's number in the published order
    about: str  # our neutral description, never the item's wording
    subscales: tuple[str, ...]
    reverse: bool = False
    labels: tuple[str, ...] = ()  # default response labels for this item, if not the scale's


@dataclass(frozen=True)
class Subscale:
    key: str
    name: str
    rule: str  # "mean" (of item points) or "sum"
    low: float
    high: float
    higher_means: str  # "more burnout", "better", ...
    min_answered: int = 0  # fewer answered items: no score for this respondent (0 = every item)
    note: str = ""


@dataclass(frozen=True)
class ScaleDefinition:
    key: str
    name: str
    short: str
    citation: str
    sources: tuple[str, ...]
    licence: str
    score_only: bool
    subscales: tuple[Subscale, ...]
    items: tuple[Item, ...] = ()
    points: tuple[float, ...] = ()  # the points of response options 1..n, in the definition's order
    labels: tuple[str, ...] = ()  # default labels of the options, same order
    open_question: str = ""  # what the closing open question is about, if the instrument has one
    scoring_note: str = ""

    @property
    def item_count(self) -> int:
        return len(self.items)

    def subscale(self, key: str) -> Subscale:
        return next(s for s in self.subscales if s.key == key)

    def item(self, key: str) -> Item:
        return next(i for i in self.items if i.key == key)

    def reversed_items(self) -> list[Item]:
        return [i for i in self.items if i.reverse]

    def items_of(self, subscale: str) -> list[Item]:
        return [i for i in self.items if subscale in i.subscales]


_FREQUENCY = ("Always", "Often", "Sometimes", "Seldom", "Never / almost never")
_DEGREE = ("To a very high degree", "To a high degree", "Somewhat", "To a low degree", "To a very low degree")

CBI = ScaleDefinition(
    key="cbi",
    name="Copenhagen Burnout Inventory",
    short="CBI",
    citation=(
        "Kristensen TS, Borritz M, Villadsen E, Christensen KB. The Copenhagen Burnout Inventory: a new tool "
        "for the assessment of burnout. Work & Stress 2005;19(3):192-207. doi:10.1080/02678370500297720"
    ),
    sources=(
        "https://doi.org/10.1080/02678370500297720",
        "Scoring notes of the English version used in the PUMA study (Kristensen et al.)",
    ),
    licence=(
        "Free to use for non-commercial purposes by its authors' statement; cite the 2005 paper. The item "
        "wording is not carried here: import it from your own copy."
    ),
    score_only=False,
    points=(100, 75, 50, 25, 0),
    labels=_FREQUENCY,
    subscales=(
        Subscale("personal", "Personal burnout", "mean", 0, 100, "more burnout", min_answered=3),
        Subscale("work", "Work-related burnout", "mean", 0, 100, "more burnout", min_answered=4),
        Subscale("client", "Client-related (patient-related) burnout", "mean", 0, 100, "more burnout", 3),
    ),
    items=(
        Item("1", "general tiredness", ("personal",)),
        Item("2", "physical exhaustion", ("personal",)),
        Item("3", "emotional exhaustion", ("personal",)),
        Item("4", "feeling unable to go on", ("personal",)),
        Item("5", "feeling worn out", ("personal",)),
        Item("6", "feeling weak and prone to illness", ("personal",)),
        Item("7", "work as emotionally exhausting", ("work",), labels=_DEGREE),
        Item("8", "burnt out because of work", ("work",), labels=_DEGREE),
        Item("9", "frustration with work", ("work",), labels=_DEGREE),
        Item("10", "worn out at the end of a working day", ("work",)),
        Item("11", "exhausted in the morning at the thought of work", ("work",)),
        Item("12", "every working hour tiring", ("work",)),
        Item("13", "energy left for family and friends", ("work",), reverse=True),
        Item("14", "hard to work with patients", ("client",), labels=_DEGREE),
        Item("15", "frustrating to work with patients", ("client",), labels=_DEGREE),
        Item("16", "working with patients drains energy", ("client",), labels=_DEGREE),
        Item("17", "giving more than getting back from patients", ("client",), labels=_DEGREE),
        Item("18", "tired of working with patients", ("client",)),
        Item("19", "wondering how long one can go on with patients", ("client",)),
    ),
    scoring_note=(
        "Each answer scores 100, 75, 50, 25 or 0 from the first option to the last; item 13 (energy for "
        "family and friends) is scored the other way round. A subscale is the mean of its answered items, "
        "0-100, higher meaning more burnout; a respondent with fewer than 3 (personal, client-related) or 4 "
        "(work-related) answered items has no score on that subscale. There is no total score."
    ),
)

_MINIZ_SUPPORT = "support"
_MINIZ_PACE = "pace"
MINI_Z = ScaleDefinition(
    key="mini-z-2",
    name="Mini Z 2.0 worklife and burnout survey",
    short="Mini Z 2.0",
    citation=(
        "Linzer M, McLoughlin C, Poplau S, Goelz E, Brown R, Sinsky C. The Mini Z Worklife and Burnout "
        "Reduction Instrument: psychometrics and clinical implications. J Gen Intern Med "
        "2022;37(11):2876-2878. "
        "Linzer M et al. Evaluation of work satisfaction, stress, and burnout among US internal medicine "
        "physicians and trainees. JAMA Netw Open 2020;3(10):e2018758."
    ),
    sources=(
        "https://wpchange.org/resources/the-mini-z-worklife-and-burnout-reduction-instrument-psychometrics-and-clinical-implications",
        "https://jamanetwork.com/journals/jamanetworkopen/fullarticle/2771447",
        "https://www.professionalworklife.com",
    ),
    licence=(
        "Developed by Mark Linzer and colleagues at Hennepin Healthcare; free for research, program "
        "evaluation and education, while commercial or revenue-generating use needs the authors' permission "
        "(Institute for Professional Worklife). The item wording is not carried here: import it from your "
        "copy."
    ),
    score_only=False,
    points=(1, 2, 3, 4, 5),
    labels=("1 (least favourable)", "2", "3", "4", "5 (most favourable)"),
    subscales=(
        Subscale(
            "joy",
            "Joy in Medicine score (total)",
            "sum",
            10,
            50,
            "a better worklife",
            note="40 or more is read by the authors as a joyful workplace.",
        ),
        Subscale(
            _MINIZ_SUPPORT,
            "Supportive work environment",
            "sum",
            5,
            25,
            "a more supportive environment",
            note="Above 20 is read by the authors as a supportive environment.",
        ),
        Subscale(
            _MINIZ_PACE,
            "Work pace and EMR stress",
            "sum",
            5,
            25,
            "a more manageable pace",
            note="Above 20 is read by the authors as a reasonable pace and EMR load.",
        ),
    ),
    items=(
        Item("1", "overall satisfaction with the job", ("joy", _MINIZ_SUPPORT)),
        Item("2", "stress because of the job", ("joy", _MINIZ_PACE)),
        Item("3", "own rating of burnout", ("joy", _MINIZ_SUPPORT)),
        Item("4", "control over workload", ("joy", _MINIZ_SUPPORT)),
        Item("5", "time for documentation", ("joy", _MINIZ_PACE)),
        Item("6", "calm or chaotic work atmosphere", ("joy", _MINIZ_PACE)),
        Item("7", "professional values aligned with leaders'", ("joy", _MINIZ_SUPPORT)),
        Item("8", "the care team works well together", ("joy", _MINIZ_SUPPORT)),
        Item("9", "time on the EMR at home", ("joy", _MINIZ_PACE)),
        Item("10", "frustration added by the EMR", ("joy", _MINIZ_PACE)),
    ),
    open_question="what the respondent would change about their work (free text, not scored)",
    scoring_note=(
        "Version 2.0 aligns every item so that 5 is the most favourable answer and 1 the least; enter each "
        "item's options in that order (1 first). The Joy in Medicine score is the sum of the ten items "
        "(10-50); the two five-item subscales are sums (5-25). Every item must be answered for a score. "
        "Unverified: the published abstract (Linzer et al. 2022) names the two five-item subscales, but no "
        "public source we could find lists which items belong to each, so the assignment shown here is our "
        "reading and must be checked against the scoring guide that came with your copy before the subscale "
        "scores are used (the Joy in Medicine total does not depend on it). The eleventh, open question is "
        "not scored."
    ),
)

JSE = ScaleDefinition(
    key="jse",
    name="Jefferson Scale of Empathy",
    short="JSE",
    citation=(
        "Hojat M, Mangione S, Nasca TJ, et al. The Jefferson Scale of Physician Empathy: development and "
        "preliminary psychometric data. Educ Psychol Meas 2001;61(2):349-365."
    ),
    sources=(
        "https://www.jefferson.edu/academics/colleges-schools-institutes/skmc/research/research-medical-education/jefferson-scale-of-empathy.html",
    ),
    licence=(
        "Licensed by Thomas Jefferson University; administer it under your own licence and enter or "
        "import the scores only."
    ),
    score_only=True,
    subscales=(Subscale("total", "Total empathy score", "sum", 20, 140, "more empathy"),),
)

MBI = ScaleDefinition(
    key="mbi-hss-mp",
    name="Maslach Burnout Inventory (Human Services Survey for Medical Personnel)",
    short="MBI",
    citation=(
        "Maslach C, Jackson SE, Leiter MP. Maslach Burnout Inventory Manual. 4th ed. Mind Garden; 2016."
    ),
    sources=("https://www.mindgarden.com/117-maslach-burnout-inventory-mbi",),
    licence=(
        "Licensed by Mind Garden; administer it under your own licence and enter or import the scores only."
    ),
    score_only=True,
    subscales=(
        Subscale("ee", "Emotional exhaustion", "sum", 0, 54, "more exhaustion"),
        Subscale("dp", "Depersonalization", "sum", 0, 30, "more depersonalization"),
        Subscale("pa", "Personal accomplishment", "sum", 0, 48, "more accomplishment"),
    ),
)

MAYO_WBI = ScaleDefinition(
    key="mayo-wbi",
    name="Mayo Well-Being Index (physician or resident version)",
    short="Well-Being Index",
    citation=(
        "Dyrbye LN, Satele D, Sloan J, Shanafelt TD. Ability of the Physician Well-Being Index to identify "
        "residents in distress. J Grad Med Educ 2014;6(1):78-84."
    ),
    sources=("https://www.mywellbeingindex.org",),
    licence=(
        "Licensed through the Mayo Clinic; use it under your own licence and enter or import the scores only."
    ),
    score_only=True,
    subscales=(Subscale("total", "Well-Being Index score", "sum", -2, 9, "more distress"),),
)

DEFINITIONS: dict[str, ScaleDefinition] = {d.key: d for d in (CBI, MINI_Z, JSE, MBI, MAYO_WBI)}


def definition_for(key: str) -> ScaleDefinition | None:
    return DEFINITIONS.get(key)


def item_labels(definition: ScaleDefinition, item: Item) -> tuple[str, ...]:
    return item.labels or definition.labels


__all__ = ["CBI", "DEFINITIONS", "JSE", "MAYO_WBI", "MBI", "MINI_Z", "Item", "ScaleDefinition", "Subscale"]
