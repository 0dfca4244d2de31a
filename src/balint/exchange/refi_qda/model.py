"""Plain dataclasses for a neutral REFI-QDA project, independent of the database.

Offsets of selections here are always code points of the source's plain text (Python str indices); the
reader converts from the unit the file counts in and the writer to the unit the target reads (see
positions.py). GUIDs are lower-case, as NVivo writes them. Notes say what they are about in
`Note.refers_to` (GUIDs of codes, sources or selections); the writer turns that into NoteRef elements.
Relations between two objects (a note about another note, a note about a stretch of text) are `Link`s,
written to the project's <Links> element.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

VariableType = Literal["Text", "Boolean", "Integer", "Float", "Date", "DateTime"]
VariableValue = str | bool | int | float | date | datetime

# Fixed namespace so that GUIDs we have to invent (e.g. a Taguette parent code) are the same on every import.
_DERIVED_NAMESPACE = uuid.UUID("6c1f9a52-3f0b-4d2e-9a57-0b1a1e3f7c44")


@functools.lru_cache(maxsize=65536)
def canonical_guid(value: str) -> str:
    """Return the GUID lower-case, hyphenated and without braces; ValueError when it is not a GUID."""
    text = value.strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    if len(text) != 36 or text.count("-") != 4:
        raise ValueError(f"not a GUID: {value!r}")
    return str(uuid.UUID(text))


def derived_guid(*parts: str) -> str:
    """Return a GUID that depends only on `parts`, so repeated imports and exports agree."""
    return str(uuid.uuid5(_DERIVED_NAMESPACE, "\x1f".join(parts)))


def new_guid() -> str:
    """Return a fresh random GUID in canonical form."""
    return str(uuid.uuid4())


@dataclass
class User:
    """A person (or tool) that created something in the project."""

    guid: str
    name: str = ""
    identifier: str = ""  # REFI-QDA's optional `id` attribute, e.g. a login or initials


@dataclass
class Code:
    """A code of the codebook; `children` makes the hierarchy; color is '#RRGGBB' or None."""

    guid: str
    name: str
    color: str | None = None
    description: str = ""
    is_codable: bool = True
    children: list[Code] = field(default_factory=list)

    def walk(self) -> Iterator[Code]:
        """Yield this code and all its descendants, parents before children."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Variable:
    """A variable (attribute) that sources may carry a value for."""

    guid: str
    name: str
    type: VariableType = "Text"
    description: str = ""


@dataclass
class Coding:
    """One code applied to a selection; a missing guid is derived from selection and code on export."""

    code_guid: str
    guid: str | None = None
    creating_user: str | None = None
    created_at: datetime | None = None


@dataclass
class PlainTextSelection:
    """A stretch [start, end) of a text source, in code points, with the codes applied to it."""

    guid: str
    start: int
    end: int
    name: str = ""
    description: str = ""
    creating_user: str | None = None
    created_at: datetime | None = None
    codings: list[Coding] = field(default_factory=list)

    @property
    def code_guids(self) -> list[str]:
        """The GUIDs of the codes applied to this selection, in order."""
        return [coding.code_guid for coding in self.codings]


@dataclass
class TextSource:
    """A plain-text document; `variables` maps variable name to value."""

    guid: str
    name: str
    text: str
    description: str = ""
    creating_user: str | None = None
    created_at: datetime | None = None
    variables: dict[str, VariableValue] = field(default_factory=dict)
    selections: list[PlainTextSelection] = field(default_factory=list)


@dataclass
class Case:
    """A case (e.g. a site of a multi-site study): its own variable values and the sources it groups."""

    guid: str
    name: str
    description: str = ""
    variables: dict[str, VariableValue] = field(default_factory=dict)
    source_guids: list[str] = field(default_factory=list)
    selection_guids: list[str] = field(default_factory=list)  # stretches of sources (SelectionRef)


@dataclass
class Note:
    """A memo; `refers_to` lists GUIDs of codes, sources, selections or other notes it is about (empty: the
    project as a whole)."""

    guid: str
    name: str
    text: str
    creating_user: str | None = None
    created_at: datetime | None = None
    refers_to: list[str] = field(default_factory=list)


@dataclass
class Link:
    """A relation from one object of the project to another (REFI-QDA's <Link>), by their GUIDs.

    `direction` is "OneWay" (origin to target), "Bidirectional", "Associative", or None when not stated.
    """

    guid: str
    origin_guid: str
    target_guid: str
    name: str = ""
    direction: str | None = None


@dataclass
class Project:
    """A whole REFI-QDA project, or just a codebook when only `codes` is filled."""

    name: str
    origin: str = "Balint"
    description: str = ""
    creating_user: str | None = None
    created_at: datetime | None = None
    users: list[User] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    variables: list[Variable] = field(default_factory=list)
    sources: list[TextSource] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    # Fields of Balint's own that REFI-QDA has no place for, by lower-case GUID of the object they belong
    # to (a code's category, a coding's perspective). Written to balint.json beside project.qde, which
    # other tools do not read, so they never show up in another tool's memo text.
    extensions: dict[str, dict[str, str]] = field(default_factory=dict)

    def iter_codes(self) -> Iterator[Code]:
        """Yield every code of the hierarchy, parents before children."""
        for code in self.codes:
            yield from code.walk()


@dataclass(frozen=True)
class UnsupportedPart:
    """Something in an imported file that Balint does not take over, shown in the import preview."""

    kind: str  # e.g. "PictureSource", "Graph", "Set", "Link", "Case", "Selection"
    name: str
    reason: str
    guid: str | None = None


@dataclass
class PositionReport:
    """Which unit the reader read selection positions in, why, and what it had to repair or leave out."""

    unit: str  # "codepoints" or "utf16"
    reason: str
    selections: int = 0
    repaired: int = 0  # a boundary fell inside a surrogate pair (half an emoji): widened to the character
    unplaced: int = 0  # outside the text under the chosen unit: left out

    def line(self) -> str:
        from .positions import UNIT_LABELS

        return (
            f"Positions read as {UNIT_LABELS.get(self.unit, self.unit)} ({self.reason}); "
            f"{self.selections} selections, {self.repaired} repaired, {self.unplaced} could not be placed."
        )


@dataclass
class ImportResult:
    """What the reader found: the neutral project, the parts left out, and repairs it made on the way."""

    project: Project
    unsupported: list[UnsupportedPart] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    positions: PositionReport | None = None
