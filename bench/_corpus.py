"""Words the benchmarks build their synthetic session texts from (one list, so every bench writes alike)."""

WORDS = [
    "the",
    "resident",
    "felt",
    "cornered",
    "when",
    "the",
    "patient",
    "asked",
    "again",
    "for",
    "an",
    "early",
    "refill",
    "and",
    "the",
    "group",
    "stayed",
]
