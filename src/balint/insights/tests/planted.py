"""Synthetic session-note passages with planted themes, for tests and the benchmark."""

from __future__ import annotations

import random

from balint.insights.engine import Passage

# Each planted theme: subjects and predicates that combine into sentences only that theme uses.
PLANTED = {
    "narcotics": (
        [
            "the opioid refill",
            "the narcotic contract",
            "her oxycodone dose",
            "the pain medication request",
            "the early refill",
            "the urine drug screen",
        ],
        [
            "came up again at the visit",
            "was refused after a long argument",
            "felt like a trap",
            "ended with the pharmacy calling",
            "was renegotiated with the attending",
            "made the visit tense",
        ],
    ),
    "lateness": (
        [
            "the afternoon clinic",
            "my continuity clinic",
            "the schedule",
            "the last appointment",
            "the walk-in slot",
            "the charting backlog",
        ],
        [
            "ran late again",
            "ran over by forty minutes",
            "made me miss the group",
            "was double booked",
            "kept me past six",
            "left no room for lunch",
        ],
    ),
    "attraction": (
        [
            "the sexual attraction",
            "a flirtatious comment",
            "the crush",
            "the intimate question",
            "the awkward compliment",
            "the boundary",
        ],
        [
            "made me blush during the exam",
            "was hard to name aloud",
            "felt embarrassing to admit",
            "needed a chaperone",
            "unsettled me for days",
            "was crossed by a hug",
        ],
    ),
    "grief": (
        [
            "the death of the baby",
            "the funeral",
            "her husband's passing",
            "the hospice referral",
            "the bereaved family",
            "the terminal diagnosis",
        ],
        [
            "left me tearful in the car",
            "brought back my own loss",
            "was delivered in the hallway",
            "made me cry after rounds",
            "stayed with me all weekend",
            "felt like mourning",
        ],
    ),
    "supervision": (
        [
            "my attending",
            "the preceptor",
            "the feedback session",
            "the chief resident",
            "the evaluation form",
            "the supervisor",
        ],
        [
            "criticised my note in front of staff",
            "gave vague feedback",
            "overruled my plan",
            "never explained the evaluation",
            "praised the presentation",
            "questioned my judgement",
        ],
    ),
    "burnout": (
        ["the exhaustion", "my sleep", "the night float", "the call week", "my weekend", "the fatigue"],
        [
            "left me numb and cynical",
            "disappeared with back to back shifts",
            "drained every reserve",
            "made me dread the pager",
            "was swallowed by notes",
            "made me snap at my partner",
        ],
    ),
}

FILLER = [
    "We talked about it in the group.",
    "The co-leader asked how that felt.",
    "Others nodded and shared something similar.",
    "It was discussed near the end of the hour.",
    "Someone wondered what the family thought.",
    "The group sat with the silence for a while.",
]


def planted_passages(
    n: int, *, seed: int = 0, themes: list[str] | None = None
) -> tuple[list[Passage], list[str]]:
    """Return n passages and their planted theme names, the same for the same seed."""
    rng = random.Random(seed)
    names = themes or sorted(PLANTED)
    passages, truth = [], []
    for index in range(n):
        name = names[index % len(names)]
        subjects, predicates = PLANTED[name]
        sentences = [
            f"{rng.choice(subjects).capitalize()} {rng.choice(predicates)}." for _ in range(rng.randint(2, 3))
        ]
        sentences.insert(rng.randint(0, len(sentences)), rng.choice(FILLER))
        passages.append(Passage(id=f"p{index}", text=" ".join(sentences)))
        truth.append(name)
    return passages, truth
