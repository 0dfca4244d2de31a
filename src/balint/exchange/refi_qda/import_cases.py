"""An import's Variables → the program's attributes, and its Cases → cases with their passages.

A case matches one of the program's by code or by the GUID it came with (kept in `origin`), so importing the
same file twice adds nothing. A case's SelectionRefs become its passages (the selection's stretch), its
SourceRefs the whole source. A case is never tied to a person.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from balint.coding.models import Attribute, Case, CaseSpan
from balint.coding.services.attributes import BUILTIN_NAMES, MAX_CHOICES, MAX_PROGRAM_ATTRIBUTES
from balint.exchange import refi_qda as refi
from balint.exchange.refi_qda.guids import as_uuid, lower_guid
from balint.exchange.refi_qda.import_sources import _date
from balint.exchange.refi_qda.project import RESERVED_VARIABLES, VAR_CASE_KIND, VAR_DATE

TYPES_BY_VARIABLE = {"Integer": "number", "Float": "number", "Date": "date", "DateTime": "date"}


class CasesStep:
    """The attributes and cases steps of `importer._Importer` (program, project, summary, source_pairs...)."""

    def _attributes(self) -> None:
        existing = {
            name.lower()
            for name in Attribute.objects.filter(program=self.program).values_list("name", flat=True)
        }
        count = len(existing)
        for variable in self.project.variables:
            name = variable.name.strip()[:60]
            if not name or name in RESERVED_VARIABLES or name.lower() in existing | BUILTIN_NAMES:
                continue
            if count >= MAX_PROGRAM_ATTRIBUTES:
                self.warn(
                    _("Variable {name}: the program has {count} attributes; values only.").format(
                        name=name, count=MAX_PROGRAM_ATTRIBUTES
                    )
                )
                continue
            extra = self.project.extensions.get(variable.guid.lower(), {})
            kind = extra.get("attribute type") or TYPES_BY_VARIABLE.get(variable.type, "text")
            choices = [c.strip()[:200] for c in extra.get("choices", "").splitlines() if c.strip()][
                :MAX_CHOICES
            ]
            if kind not in Attribute.Type.values or (kind == Attribute.Type.CHOICE and len(choices) < 2):
                kind, choices = Attribute.Type.TEXT, []
            Attribute.objects.create(
                program=self.program,
                name=name,
                type=kind,
                choices=choices if kind == "choice" else [],
                position=count + 1,
            )
            existing.add(name.lower())
            count += 1
            self.summary.attributes_new += 1

    def _cases(self) -> None:
        incoming: list[refi.Case] = self.project.cases
        if not incoming:
            return
        guids = [case.guid.lower() for case in incoming]
        codes = [u for u in (as_uuid(g) for g in guids) if u is not None]
        found: dict[str, Case] = {}
        for case in Case.objects.filter(program=self.program).filter(
            Q(code__in=codes) | Q(origin__in=[f"refi-qda:{g}" for g in guids])
        ):
            found[
                case.origin.removeprefix("refi-qda:")
                if case.origin.startswith("refi-qda:")
                else lower_guid(case.code)
            ] = case
            found.setdefault(lower_guid(case.code), case)
        taken = {lower_guid(c) for c in Case.objects.filter(code__in=codes).values_list("code", flat=True)}
        selections: dict[str, tuple[Any, int, int]] = {}
        whole: dict[str, Any] = {}
        for text_source, source in self.source_pairs:
            whole[text_source.guid.lower()] = source
            for selection in text_source.selections:
                selections[selection.guid.lower()] = (source, selection.start, selection.end)
        spans: list[CaseSpan] = []
        for entry in incoming:
            guid = entry.guid.lower()
            case = found.get(guid)
            if case is not None:
                self.summary.cases_matched += 1
            else:
                kind = entry.variables.get(VAR_CASE_KIND)
                wanted = as_uuid(guid)
                case = Case(
                    program=self.program,
                    kind=kind if kind in Case.Kind.values else Case.Kind.OTHER,
                    name=(entry.name or "").strip()[:200] or "Case",
                    date=_date(entry.variables.get(VAR_DATE)),
                    attributes={
                        str(k)[:60]: str(v)[:200]
                        for k, v in list(entry.variables.items())[:40]
                        if k not in RESERVED_VARIABLES
                    },
                    origin=f"refi-qda:{guid}",
                )
                if wanted is not None and guid not in taken:
                    case.code = wanted
                    taken.add(guid)
                case.save()
                found[guid] = case
                self.summary.cases_new += 1
            stretches = [selections[g.lower()] for g in entry.selection_guids if g.lower() in selections]
            stretches += [
                (whole[g.lower()], 0, len(whole[g.lower()].text))
                for g in entry.source_guids
                if g.lower() in whole
            ]
            for source, start, end in stretches:
                if end > start:
                    spans.append(CaseSpan(case=case, source=source, start=start, end=end))
        CaseSpan.objects.bulk_create(spans, ignore_conflicts=True)
