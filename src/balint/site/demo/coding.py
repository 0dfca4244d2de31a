"""Demo analysis: the demo's session notes coded by both leaders over two closed rounds, so every view of the
workspace has content on first start; the closed surveys' answers then join as anonymous respondent cases, and
the answers that speak of feelings are auto-coded as one undoable step of the first leader's log.

Coding is drawn from keyword rules per sentence with a fixed random generator: the first leader applies a
matching theme nine times in ten, the second eight times in ten and now and then a neighbouring theme, so
agreement is good but not perfect. Round 1 covers the first half of the history; between the rounds
“Program obstacles” is merged into “Strict structure and latecomers” and a “Boundaries and attraction”
theme is added, as happened when difficult topics emerged at the end of the third year.
"""

from __future__ import annotations

import datetime
import random
import re

from django.apps import apps
from django.utils import timezone

from balint.coding import services
from balint.coding.models import Coding, CodingDone, Source, Theme
from balint.coding.units import Granularity, split_units
from balint.meetings.models import MeetingNote
from balint.privacy.names import resident_names
from balint.programs.models import Person

RULES: list[tuple[str, str]] = [
    ("Resident's feelings and reactions", r"\b(feel|felt|feeling|anger|angry|guilt|irritation|frustrat|"
     r"shame|helpless|fear|dread|relief|tired|surprised|shaken|fond)"),
    ("Patient's experience", r"patient (might|may|feels?|hop|needs|senses)|"
     r"patient's (life|experience|family)|be this patient|afraid of"),
    ("Trust", r"\btrust"),
    ("Responsibility", r"responsib|owes?\b"),
    ("Doctor–patient relationship", r"relationship|connection|first meeting|first visit"),
    ("Supervision and feedback", r"supervis|attending|feedback|intern"),
    ("Difficult interactions with staff", r"\bstaff|nurse|front desk|team\b"),
    ("Narcotic contracts and refills", r"refill|pain medic|narcotic|opioid|contract"),
    ("Problem solving and strategizing", r"strateg|next steps|phrases|suggest|plan\b|rehearse|agenda"),
    ("Group process", r"\bthe group (was|felt|noticed|settled|sat|laughed|grew)|silence|quiet|safer|"
     r"joined in|spoke first"),
    ("Strict structure and latecomers", r"format|late arrival|not admitted|latecom|arrived late|structure"),
    ("Program obstacles", r"clinic (ran|running) late|time pressure|on service|post-call|inbox"),
    ("Physician well-being", r"well-being|tiring|exhaust|burn|weight of|rest\b"),
]  # fmt: skip
LATE_RULES = [("Boundaries and attraction", r"attraction|flirt|boundar|\btouch\b|uncomfortable")]
NEIGHBOURS = {
    "Resident's feelings and reactions": "Patient's experience",
    "Patient's experience": "Resident's feelings and reactions",
    "Trust": "Doctor–patient relationship",
    "Problem solving and strategizing": "Narcotic contracts and refills",
    "Group process": "Strict structure and latecomers",
}
HEADING_MAX = 25  # sentences shorter than this are a note's "Content" / "Process" headings
PATIENT = re.compile(r"patient (might|may|feels?|hop|needs|senses)|patient's|be this patient", re.IGNORECASE)
RESIDENT = re.compile(
    r"\b(resident|residents|presenter)\b.*\b(felt|feel|feeling|guilt|fear|anger|irritation)", re.I
)


def extend(world) -> None:
    """Add the analysis to the demo program (deterministic: fixed seed, fixed dates)."""
    program = world.program
    rng = random.Random(f"coding-demo-{world.program.slug}")
    first, second = world.leaders[0], world.leaders[1]
    services.categories_ensure(program=program)
    services.codebook_starter_create(program=program)
    sources = _note_sources(world)
    if not sources:
        return
    sources.sort(key=lambda s: (s.date or datetime.date.min, s.title))
    # Larger demo scales add groups; the first group's notes are enough for every view.
    coded = [s for s in sources if s.group_id in (None, world.groups[0].pk)]
    middle = world.history_start + (world.history_end - world.history_start) / 2
    round_one = [s for s in coded if s.date is None or s.date <= middle]
    round_two = [s for s in coded if s not in round_one]

    first_round = services.round_open(
        program=program, started_on=world.history_start + datetime.timedelta(days=60)
    )
    services.round_update(
        analysis_round=first_round,
        data={"reflection": ROUND_ONE_REFLECTION, "ended_on": middle + datetime.timedelta(days=14)},
    )
    _code(round_one, [first, second], rng, late=False, when=middle)
    services.round_close(analysis_round=first_round, by=first, ended_on=middle + datetime.timedelta(days=14))

    themes = {t.name: t for t in Theme.objects.filter(program=program, active=True)}
    services.theme_merge(theme=themes["Program obstacles"], into=themes["Strict structure and latecomers"])
    services.theme_create(
        program=program,
        name="Boundaries and attraction",
        parent=themes["Doctor–patient relationship"],
        category=themes["Trust"].category,
        colour="#d62828",
        definition="Physical and emotional boundaries, including sexual attraction, in the consulting room.",
        inclusion="The resident's own reaction to closeness, touch or attraction.",
        exclusion="Boundaries of time or workload (use Structure and logistics).",
    )
    started = middle + datetime.timedelta(days=15)
    second_round = services.round_open(program=program, started_on=started)
    services.round_update(analysis_round=second_round, data={"reflection": ROUND_TWO_REFLECTION})
    _code(round_two, [first, second], rng, late=True, when=world.history_end)
    services.round_close(
        analysis_round=second_round, by=second, ended_on=world.history_end + datetime.timedelta(days=10)
    )
    _memos(world, coded, rounds=[first_round, second_round])
    _session_format(world, coded)
    _survey_cases(world)


def _session_format(world, sources: list[Source]) -> None:
    """A program-defined attribute, so the attributes grid and the code x attribute matrix have a story to
    tell: which session format each note was written under (strict until the flexible format began)."""
    from balint.coding.services.attributes import attribute_create, attribute_values_set

    attribute_create(
        program=world.program, name="Session format", type="choice", choices=["Strict", "Flexible"]
    )
    for source in sources:
        if source.date is not None:
            flexible = source.date >= world.flexible_from
            attribute_values_set(row=source, values={"Session format": "Flexible" if flexible else "Strict"})


def _note_sources(world) -> list[Source]:
    names = resident_names(world.program)
    notes = MeetingNote.objects.filter(meeting__group__program=world.program).select_related(
        "meeting__group__program"
    )
    return [services.source_from_note(note=n, created_by=world.leaders[0], redact=names) for n in notes]


def _code(
    sources: list[Source], coders: list[Person], rng: random.Random, *, late: bool, when: datetime.date
) -> None:
    themes = {
        t.name: t for t in Theme.objects.filter(program=sources[0].program if sources else None, active=True)
    }
    rules = [
        (name, re.compile(pattern, re.IGNORECASE)) for name, pattern in RULES + (LATE_RULES if late else [])
    ]
    rows: list[Coding] = []
    done: list[CodingDone] = []
    keep = {coders[0].pk: 0.9, coders[1].pk: 0.8}
    for source in sources:
        for unit in split_units(text=source.text, granularity="sentence"):
            sentence = unit.text(source.text)
            if len(sentence) < HEADING_MAX:
                continue  # the "Content" / "Process" headings
            matched = [name for name, pattern in rules if pattern.search(sentence) and name in themes]
            perspective = (
                Coding.Perspective.PATIENT
                if PATIENT.search(sentence)
                else Coding.Perspective.RESIDENT
                if RESIDENT.search(sentence) or "Resident's feelings and reactions" in matched
                else Coding.Perspective.BOTH
            )
            for coder in coders:
                chosen = {name for name in matched if rng.random() < keep[coder.pk]}
                if coder == coders[1] and matched and rng.random() < 0.08:
                    neighbour = NEIGHBOURS.get(matched[0])
                    if neighbour in themes:
                        chosen.add(neighbour)
                for name in sorted(chosen):
                    rows.append(
                        Coding(
                            source=source,
                            theme=themes[name],
                            coder=coder,
                            start=unit.start,
                            end=unit.end,
                            quote=sentence,
                            perspective=perspective if rng.random() < 0.9 else "",
                        )
                    )
        done += [CodingDone(source=source, coder=coder) for coder in coders]
    Coding.objects.bulk_create(rows, batch_size=1000)
    CodingDone.objects.bulk_create(done, batch_size=1000)
    # Date the codings inside their round rather than at load time.
    moment = timezone.make_aware(datetime.datetime.combine(when, datetime.time(17, 0)))
    Coding.objects.filter(pk__in=[r.pk for r in rows if r.pk]).update(created_at=moment, updated_at=moment)


def _memos(world, sources: list[Source], rounds: list) -> None:
    """Three memos, linked as researchers link them: the analysis memo to both rounds, the theme memo and a
    passage of the first note; the theme memo back to the analysis memo."""
    program = world.program
    first, second = world.leaders
    analysis = services.memo_create(
        program=program, author=first, title="Where the group's attention goes", body=ANALYSIS_MEMO
    )
    feelings = Theme.objects.filter(program=program, name="Resident's feelings and reactions").first()
    theme_memo = None
    if feelings:
        theme_memo = services.memo_create(
            program=program,
            author=second,
            theme=feelings,
            title="Own experience first",
            body=THEME_MEMO,
            links=services.MemoLinks(memos=[analysis]),
        )
    passages = []
    if sources:
        services.memo_create(
            program=program,
            author=first,
            source=sources[0],
            title="First session coded",
            body="The wish for a **checklist** is loud here; we coded it as strategizing.",
        )
        units = split_units(text=sources[0].text, granularity=Granularity.SENTENCE)
        first_sentence = [unit for unit in units if len(unit.text(sources[0].text)) >= HEADING_MAX][:1]
        passages = [(sources[0], unit.start, unit.end) for unit in first_sentence]
    services.memo_links_set(
        memo=analysis,
        by=first,
        links=services.MemoLinks(memos=[theme_memo] if theme_memo else [], rounds=rounds, passages=passages),
    )


ROUND_ONE_REFLECTION = """We each read the first nine months of notes twice before coding.

- Requests for *concrete strategies* dominate the early sessions, with frustration at the strict format.
- Latecomers being turned away comes up repeatedly; so do clinics running late.
- We kept **Program obstacles** apart from **Strict structure** for now, but they overlap a lot.
"""
ROUND_TWO_REFLECTION = """Second immersion, the flexible format in place.

- Merged *Program obstacles* into *Strict structure and latecomers*: we could not tell them apart reliably.
- Added **Boundaries and attraction**: these topics only emerged near the end of the third year.
- The focus is more often the resident's own emotional experience than the patient's.
"""
ANALYSIS_MEMO = """## Balint process versus professional development

Across both rounds, Balint-process themes (feelings, trust, responsibility) outnumber the
professional-development ones once residents could choose the focus. Strategizing did not crowd out
reflection: problem solving sits at the end of sessions, as the flexible format intended.
"""
THEME_MEMO = """Passages speak of the **resident's own experience** of the patient about twice as often as
of the patient's experience. Worth checking against the perspective counts in the views."""


# The demo's auto-coding step: the needs-assessment and end-of-program answers that speak of feelings.
AUTOCODE_QUERY = "feel* angry frustration irritation helpless"
AUTOCODE_THEME = "Resident's feelings and reactions"


def _survey_cases(world) -> None:
    """Send the closed surveys' approved transcripts to the analysis (one source per question, each answer a
    passage of an anonymous respondent case), then auto-code the answers that speak of feelings, as the
    first leader would from the search page: one step of the analysis log, undoable from there."""
    if not apps.is_installed("balint.surveys"):
        return
    from balint.coding.search import SearchQuery
    from balint.coding.services.autocode import autocode_apply, autocode_plan
    from balint.core.errors import ApplicationError
    from balint.surveys.models import Survey
    from balint.surveys.services import transcripts_send_to_analysis

    leader = world.leaders[0]
    for survey in Survey.objects.filter(group__program=world.program).order_by("closes_at"):
        try:
            transcripts_send_to_analysis(survey=survey, sent_by=leader)
        except ApplicationError:
            continue  # below its threshold (the open pulse): its answers stay with the survey
    answers = Source.objects.filter(program=world.program, origin__startswith="surveys.question:")
    theme = Theme.objects.filter(program=world.program, name=AUTOCODE_THEME, active=True).first()
    if theme is None or not answers.exists():
        return
    query = SearchQuery(text=AUTOCODE_QUERY)
    plan = autocode_plan(sources=answers, query=query, theme=theme, unit="sentence", coder=leader)
    if plan.new:
        autocode_apply(
            sources=answers,
            query=query,
            theme=theme,
            unit="sentence",
            coder=leader,
            expected=len(plan.passages),
        )
