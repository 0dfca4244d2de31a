"""Analysis objects for tests, built on the root conftest's World."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from balint.coding import services
from balint.coding.models import AnalysisRound, Coding, Memo, Source, Theme
from balint.programs.models import Person, Program

NOTE_TEXT = (
    "The resident felt cornered by the request for an early refill.\n\n"
    "The group imagined the patient's loneliness. Someone suggested a narcotic contract.\n\n"
    "Two residents arrived late and joined to listen."
)


@dataclass
class Analysis:
    source: Source
    theme: Theme
    other_theme: Theme
    coding: Coding
    memo: Memo
    round: AnalysisRound


def make_source(program: Program, text: str = NOTE_TEXT, **kwargs) -> Source:
    fields = {"kind": Source.Kind.SESSION_NOTE, "title": "Session note", "date": datetime.date(2025, 3, 4)}
    fields.update(kwargs)
    return services.source_create(program=program, text=text, **fields)


def make_theme(program: Program, name: str, **kwargs) -> Theme:
    return services.theme_create(program=program, name=name, **kwargs)


def code(source: Source, coder: Person, theme: Theme, start: int, end: int, **kwargs) -> Coding:
    return services.coding_create(source=source, coder=coder, themes=[theme], start=start, end=end, **kwargs)[
        0
    ]


def world_analysis(world) -> Analysis:
    """One session-note source in the world's group, two themes, a leader's coding, memo and open round."""
    cached = getattr(world, "_analysis", None)
    if cached is not None:
        return cached
    program = world.program
    source = make_source(program, group=world.group)
    theme = make_theme(program, "Resident's feelings", colour="#e76f51")
    other = make_theme(program, "Patient's experience", colour="#e9c46a")
    coding = code(source, world.leader, theme, 0, 62)
    memo = services.memo_create(
        program=program, author=world.leader, title="First thoughts", body="*Anger* shows."
    )
    analysis_round = services.round_open(program=program, started_on=datetime.date(2025, 1, 1))
    analysis = Analysis(
        source=source, theme=theme, other_theme=other, coding=coding, memo=memo, round=analysis_round
    )
    world._analysis = analysis
    return analysis
