"""Stable stand-ins: a coder's ("Coder 3F9A1C") and a resident's in the analysis ("Resident 7C2E90"); the one
rule for every page, JSON answer, export and report.

The same person gets the same stand-in in every view and export of one program, and another one in another
program; it is an HMAC under the installation's secret key, so it cannot be reversed without that key.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.utils.crypto import salted_hmac

from balint.programs.models import Program


@dataclass(frozen=True)
class Pseudonym:
    """`name` is shown in place of the person's name; `key` lets an export derive a stable identifier."""

    key: str
    name: str


def pseudonym(program: Program, person_code: uuid.UUID | str) -> Pseudonym:
    """A coder's stable stand-in: the same in every export of this program, not reversible without the key."""
    digest = salted_hmac("balint.exchange.pseudonym", f"{program.code}:{person_code}").hexdigest()
    return Pseudonym(key=digest, name=f"Coder {digest[:6].upper()}")


def resident_pseudonym(program: Program, person_code: uuid.UUID | str) -> Pseudonym:
    """A resident's stable stand-in in the analysis ("Resident 7C2E90"), never their name.

    Keyed apart from the coders' stand-ins, so the two cannot be matched; the same resident keeps the same
    stand-in across sessions and training years of one program, and has another one in another program.
    """
    digest = salted_hmac("balint.analysis.resident", f"{program.code}:{person_code}").hexdigest()
    return Pseudonym(key=digest, name=f"Resident {digest[:6].upper()}")
