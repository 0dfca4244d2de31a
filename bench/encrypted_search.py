"""Time decrypt-and-filter search over encrypted notes: the cost an authorised search pays per program."""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from cryptography.fernet import Fernet

from balint.privacy.crypto import decrypt, encrypt

WORDS = [
    "patient",
    "resident",
    "felt",
    "frustrated",
    "narcotic",
    "contract",
    "trust",
    "group",
    "explored",
    "clinic",
    "late",
    "supervision",
    "feedback",
    "anger",
    "sadness",
    "boundaries",
    "family",
    "physician",
    "psychologist",
    "presenter",
    "case",
    "discussion",
    "relationship",
]


def main() -> None:
    """Encrypt N notes of about 1,500 characters, then time one search that decrypts them all."""
    rng = random.Random(7)
    keys = (Fernet.generate_key().decode(),)
    print("| notes | note length | encrypt all (s) | search all (s) | per note (µs) |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for count in (1_000, 5_000, 20_000):
        notes = [" ".join(rng.choice(WORDS) for _ in range(200)) for _ in range(count)]
        started = time.perf_counter()
        tokens = [encrypt(note, keys) for note in notes]
        encrypted = time.perf_counter() - started
        started = time.perf_counter()
        hits = sum(1 for token in tokens if "narcotic contract" in decrypt(token, keys).casefold())
        searched = time.perf_counter() - started
        print(
            f"| {count:,} | {sum(map(len, notes)) // count:,} | {encrypted:.2f} | {searched:.2f} "
            f"| {searched / count * 1e6:.0f} |"
        )
        assert hits > 0
    print("\nDatabase fetch time is extra; a program's own notes number in the hundreds to low thousands.")


if __name__ == "__main__":
    main()
