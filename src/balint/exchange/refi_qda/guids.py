"""GUIDs between Balint's objects and another tool's: an object's code is its GUID, else a GuidLink keeps it.

On import an object takes the file's GUID as its code when no object anywhere has that code yet; otherwise
it gets a code of its own and a GuidLink (program, kind, object code -> GUID), so the next import of the same
file finds it and the next export gives back the same GUID.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable
from typing import Any

from balint.coding.models import Coding
from balint.exchange.models import GuidLink
from balint.exchange.refi_qda.model import canonical_guid
from balint.programs.models import Person, Program

BATCH = 2000


def lower_guid(value: uuid.UUID | str) -> str:
    return str(value).lower()


def guid_links(program: Program) -> dict[tuple[str, str], str]:
    """(kind, object code) -> the GUID another tool gave that object, all lower-case."""
    return {
        (kind, lower_guid(code)): guid.lower()
        for kind, code, guid in GuidLink.objects.filter(program=program).values_list(
            "kind", "object_code", "guid"
        )
    }


@functools.lru_cache(maxsize=65536)
def as_uuid(guid: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(canonical_guid(guid))
    except (ValueError, AttributeError, TypeError):
        return None


class GuidBook:
    """The links of one program as an import reads and extends them; `new_links` are saved at its end."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self.links = guid_links(program)
        self.new_links: list[GuidLink] = []

    def existing(self, kind: str, model: type, guids: Iterable[str]) -> dict[str, Any]:
        """Objects of this program already carrying these GUIDs (as code or as link), by lower-case GUID."""
        wanted = {g.lower() for g in guids}
        by_code = {
            lower_guid(obj.code): obj
            for obj in model.objects.filter(
                **self._program_filter(model),
                code__in=[u for u in (as_uuid(g) for g in wanted) if u is not None],
            )
        }
        linked = {code: g for (k, code), g in self.links.items() if k == kind and g in wanted}
        if linked:
            for obj in model.objects.filter(**self._program_filter(model), code__in=list(linked)):
                by_code[linked[lower_guid(obj.code)]] = obj
        return {g: obj for g, obj in by_code.items() if g in wanted}

    def _program_filter(self, model: type) -> dict[str, Any]:
        if model is Coding:
            return {"source__program": self.program}
        if model is Person:
            return {}
        return {"program": self.program}

    @staticmethod
    def taken(model: type, guids: Iterable[str]) -> set[str]:
        """Those of the GUIDs that some object of the model (in any program) already has as its code."""
        codes = [u for u in (as_uuid(g) for g in guids) if u is not None]
        taken: set[str] = set()
        for start in range(0, len(codes), BATCH):
            taken.update(
                lower_guid(c)
                for c in model.objects.filter(code__in=codes[start : start + BATCH]).values_list(
                    "code", flat=True
                )
            )
        return taken

    def claim(self, guid: str, taken: set[str]) -> tuple[uuid.UUID, bool]:
        """A new object's code: the GUID itself if free, else a fresh one (then True: link it to the GUID)."""
        wanted = as_uuid(guid)
        if wanted is not None and lower_guid(wanted) not in taken:
            taken.add(lower_guid(wanted))
            return wanted, False
        return uuid.uuid4(), True

    def link(self, kind: str, code: uuid.UUID, guid: str) -> None:
        self.new_links.append(
            GuidLink(program_id=self.program.pk, kind=kind, object_code=code, guid=guid.lower())
        )

    def assign(self, kind: str, obj: Any, guid: str, taken: set[str]) -> None:
        """Give `obj` the GUID as its code if free, else a fresh code and a link to the GUID."""
        obj.code, needs_link = self.claim(guid, taken)
        if needs_link:
            self.link(kind, obj.code, guid)

    def save(self) -> None:
        GuidLink.objects.bulk_create(self.new_links, batch_size=BATCH)
