"""An import's users → persons: whose work each user of the file is. Never a member by GUID alone."""

from __future__ import annotations

from balint.exchange import refi_qda as refi
from balint.exchange.refi_qda.guids import lower_guid
from balint.programs.models import Person
from balint.programs.services import person_create_external


class PeopleStep:
    """The persons step of `importer._Importer` (which holds program, project, summary, book, persons)."""

    def _persons(self) -> None:
        """Decide whose work each user of the file is; see refi_import. Never a member by GUID alone."""
        links = self.book.links
        refs = {u.guid.lower(): u for u in self.project.users}
        importer_guids = set()
        if self.importer is not None:
            importer_guids = {
                lower_guid(self.importer.code),
                links.get(("person", lower_guid(self.importer.code)), ""),
            }
        earlier = {
            g: p
            for g, p in self.book.existing("person", Person, list(refs)).items()
            if p.pk not in self.members and ("person", lower_guid(p.code)) in links
        }  # separate people an earlier import of this program made for these GUIDs
        suggestions = self._member_suggestions(refs)
        for guid, user in refs.items():
            name = (user.name or user.identifier or "Imported coder").strip()[:200]
            entry = {"guid": guid, "name": name, "member": "", "member_name": ""}
            suggested = suggestions.get(guid)
            if suggested is not None:
                entry["member"], entry["member_name"] = str(suggested.code), suggested.full_name
            if guid in importer_guids:
                person, entry["to"] = self.importer, "importer"
            elif guid in self.mapping:
                person, entry["to"] = self.mapping[guid], "confirmed"
                entry["member"], entry["member_name"] = str(person.code), person.full_name
            elif guid in earlier:
                person, entry["to"] = earlier[guid], "earlier"
            else:
                person, entry["to"] = self._external_person(name, guid), "new"
            self.persons[guid] = person
            self.summary.coders.append(entry)
            if entry["to"] == "new":
                self.summary.coders_new += 1
            else:
                self.summary.coders_matched += 1

    def _member_suggestions(self, refs: dict[str, refi.User]) -> dict[str, Person]:
        """Members a user of the file may be (same GUID, or same name): offered to a leader, never applied."""
        members = {p.pk: p for p in Person.objects.filter(pk__in=self.members)}
        code_to_member = {lower_guid(p.code): p for p in members.values()}
        by_guid = dict(code_to_member)
        for (kind, code), linked in self.book.links.items():
            if kind == "person" and code in code_to_member:
                by_guid[linked] = code_to_member[code]
        by_name = {p.full_name.strip().casefold(): p for p in members.values() if p.full_name.strip()}
        found = {}
        for guid, user in refs.items():
            person = by_guid.get(guid) or by_name.get((user.name or "").strip().casefold())
            if person is not None:
                found[guid] = person
        return found

    def _external_person(self, name: str, guid: str) -> Person:
        """A person who cannot sign in and belongs to no program: the coder of imported codings."""
        code, needs_link = self.book.claim(guid, self.book.taken(Person, [guid]))
        person = person_create_external(full_name=name, code=code)
        linked_guids = {g for (k, _), g in self.book.links.items() if k == "person"}
        if needs_link or guid.lower() not in linked_guids:
            # Always linked, even when the code is the GUID: the link marks this person as this program's
            # imported coder, so the next import of the same file reuses them instead of adding another.
            self.book.link("person", person.code, guid)
        return person

    def _fallback_person(self) -> Person:
        if self.importer is not None:
            return self.importer
        key = refi.derived_guid("balint-unnamed-coder", self.project.origin or "", self.project.name or "")
        if key not in self.persons:
            found = self.book.existing("person", Person, [key]).get(key)
            self.persons[key] = found or self._external_person(
                f"Imported from {self.project.origin or 'file'}", key
            )
        return self.persons[key]

    def _person(self, guid: str | None) -> Person:
        if guid and guid.lower() in self.persons:
            return self.persons[guid.lower()]
        return self._fallback_person()
