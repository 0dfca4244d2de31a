"""The project reader: a parsed REFI-QDA project or codebook turned into the neutral Project."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _

from ..model import (
    Case,
    Code,
    ImportResult,
    Link,
    Note,
    Project,
    TextSource,
    UnsupportedPart,
    User,
    Variable,
    canonical_guid,
    derived_guid,
)
from ..positions import (
    split_statement,
)
from .sources import _SourceReader
from .values import _boolean
from .xmldoc import _child, _child_text, _children, _schema_warnings

_VARIABLE_TYPES = {"Text", "Boolean", "Integer", "Float", "Date", "DateTime"}
EXTENSIONS_MEMBER = "balint.json"  # Balint's own fields, beside project.qde; other tools do not read it


class _ProjectReader(_SourceReader):
    """Turns a parsed REFI-QDA document into the neutral model, collecting warnings and left-out parts."""

    # -- documents

    def read_codebook(self, root: Any) -> ImportResult:
        self.warnings.extend(_schema_warnings(root, "CodeBook"))
        self.origin = root.get("origin") or ""
        project = Project(name="Imported codebook", origin=root.get("origin") or "")
        codes_element = _child(root, "Codes")
        project.codes = self._codes(codes_element) if codes_element is not None else []
        self._unsupported_children(root, "Sets", "Set", _("Balint has no code sets."))
        return ImportResult(project=project, unsupported=self.unsupported, warnings=self.warnings)

    def read_project(self, root: Any) -> ImportResult:
        self.warnings.extend(_schema_warnings(root, "Project"))
        self.origin, stated_unit = split_statement(root.get("origin") or "")
        name = root.get("name")
        if not name:
            self.warnings.append(_("The project has no name; it was called “Imported project”."))
        project = Project(
            name=name or _("Imported project"),
            origin=self.origin,
            description=_child_text(root, "Description"),
            creating_user=self._optional_guid(root, "creatingUserGUID"),
            created_at=self._datetime(root.get("creationDateTime")),
        )
        users = _child(root, "Users")
        project.users = self._users(users) if users is not None else []
        codebook = _child(root, "CodeBook")
        codes = _child(codebook, "Codes") if codebook is not None else None
        project.codes = self._codes(codes) if codes is not None else []
        variables = _child(root, "Variables")
        project.variables = self._variables(variables) if variables is not None else []
        sources = _child(root, "Sources")
        project.sources = self._sources(sources) if sources is not None else []
        notes = _child(root, "Notes")
        project.notes = self._notes(notes) if notes is not None else []
        cases = _child(root, "Cases")
        project.cases = self._cases(cases, project.sources) if cases is not None else []
        links = _child(root, "Links")
        project.links = self._links(links) if links is not None else []
        self._unsupported_children(root, "Sets", "Set", _("Balint has no sets."))
        self._unsupported_children(root, "Graphs", "Graph", _("Balint does not import graphs (networks)."))
        known_notes = {note.guid for note in project.notes}
        for target in self.note_targets:
            if target not in known_notes:
                self.warnings.append(
                    _("A note reference points to a missing note {guid}; it was ignored.").format(guid=target)
                )
        for note in project.notes:
            note.refers_to = self.note_targets.get(note.guid, [])
        project.extensions = self._extensions()
        positions = self._place_selections(stated_unit)
        return ImportResult(
            project=project, unsupported=self.unsupported, warnings=self.warnings, positions=positions
        )

    def _extensions(self) -> dict[str, dict[str, str]]:
        """Balint's own fields from balint.json (absent in other tools' files); bad content is ignored."""
        info = self.archive.find(EXTENSIONS_MEMBER) if self.archive is not None else None
        if info is None:
            return {}
        try:
            data = json.loads(self.archive.read(info).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            self.warnings.append(
                _("{file} could not be read; Balint's own fields were left out.").format(
                    file=EXTENSIONS_MEMBER
                )
            )
            return {}
        objects = data.get("objects") if isinstance(data, dict) else None
        if not isinstance(objects, dict):
            return {}
        extensions = {}
        for guid, fields in objects.items():
            try:
                key = canonical_guid(str(guid))
            except ValueError:
                continue
            if isinstance(fields, dict):
                extensions[key] = {str(k): v for k, v in fields.items() if isinstance(v, str)}
        return extensions

    # -- parts

    def _users(self, element: Any) -> list[User]:
        users = []
        for user_element in _children(element, "User"):
            guid = self._guid(user_element)
            if guid in self.guids:
                self.warnings.append(
                    _("User {guid} is listed twice; the second one was ignored.").format(guid=guid)
                )
                continue
            self.guids.add(guid)
            users.append(
                User(guid=guid, name=user_element.get("name") or "", identifier=user_element.get("id") or "")
            )
        return users

    def _codes(self, element: Any) -> list[Code]:
        codes = [self._code(child) for child in _children(element, "Code")]
        if self.origin.lower().startswith("taguette"):  # elsewhere a backslash is just part of a name
            codes = _nest_backslash_codes(codes, self.code_guids)
        return codes

    def _code(self, element: Any) -> Code:
        guid = self._claim(element)
        self.code_guids.add(guid)
        name = element.get("name")
        if name is None:
            self.warnings.append(
                _("Code {guid} has no name; it was called “Unnamed code”.").format(guid=guid)
            )
        code = Code(
            guid=guid,
            name=_("Unnamed code") if name is None else name,
            color=self._color(element.get("color"), guid),
            description=_child_text(element, "Description"),
            is_codable=_boolean(element.get("isCodable"), default=True),
        )
        self._note_refs(element, guid)
        code.children = [self._code(child) for child in _children(element, "Code")]
        return code

    def _variables(self, element: Any) -> list[Variable]:
        variables = []
        for variable_element in _children(element, "Variable"):
            guid = self._claim(variable_element)
            kind = variable_element.get("typeOfVariable") or ""
            if kind not in _VARIABLE_TYPES:
                self.warnings.append(
                    _("Variable {guid} has type {kind!r}; it was read as Text.").format(guid=guid, kind=kind)
                )
                kind = "Text"
            variable = Variable(
                guid=guid,
                name=variable_element.get("name") or f"Variable {len(variables) + 1}",
                type=kind,
                description=_child_text(variable_element, "Description"),
            )  # type: ignore[arg-type]
            self.variables[guid] = variable
            variables.append(variable)
        return variables

    def _cases(self, element: Any, sources: list[TextSource]) -> list[Case]:
        """Cases with their variable values and the sources and selections they group (unknown left out)."""
        source_guids = {source.guid for source in sources}
        selection_guids = {selection.guid for source in sources for selection in source.selections}
        cases = []
        for case_element in _children(element, "Case"):
            guid = self._claim(case_element)
            case = Case(
                guid=guid,
                name=case_element.get("name") or f"Case {len(cases) + 1}",
                description=_child_text(case_element, "Description"),
            )
            for value_element in _children(case_element, "VariableValue"):
                self._variable_value(value_element, case)
            for tag, known, target in (
                ("SourceRef", source_guids, case.source_guids),
                ("SelectionRef", selection_guids, case.selection_guids),
            ):
                for ref in _children(case_element, tag):
                    found = self._optional_guid(ref, "targetGUID")
                    if found in known:
                        target.append(found)
                    elif found is not None:
                        self.warnings.append(
                            _("Case {name}: a {tag} to a missing object was left out.").format(
                                name=case.name, tag=tag
                            )
                        )
            cases.append(case)
        return cases

    def _notes(self, element: Any) -> list[Note]:
        notes = []
        for note_element in _children(element, "Note"):
            guid = self._claim(note_element)
            name = note_element.get("name") or "Note"
            text = self._source_text(note_element, f"Note {name}")
            self._note_refs(note_element, guid)  # a note on this note
            if text is None:
                self.warnings.append(
                    _("Note {name}: its text is not inside the file; it was imported empty.").format(
                        name=name
                    )
                )

            notes.append(
                Note(
                    guid=guid,
                    name=name,
                    text=text or "",
                    creating_user=self._optional_guid(note_element, "creatingUser"),
                    created_at=self._datetime(note_element.get("creationDateTime")),
                )
            )
        return notes

    def _links(self, element: Any) -> list[Link]:
        """Links whose two ends are objects of this file; any other is left out, saying why."""
        links = []
        for link_element in _children(element, "Link"):
            guid = self._optional_guid(link_element, "guid")
            name = link_element.get("name") or ""
            origin = self._optional_guid(link_element, "originGUID")
            target = self._optional_guid(link_element, "targetGUID")
            if origin is None or target is None or guid is None:
                reason = _("It does not say which two objects it joins.")
            elif origin not in self.guids or target not in self.guids:
                reason = _("It joins an object that is not in the file.")

            else:
                links.append(
                    Link(
                        guid=guid,
                        origin_guid=origin,
                        target_guid=target,
                        name=name,
                        direction=link_element.get("direction") or None,
                    )
                )
                continue
            self.unsupported.append(UnsupportedPart(kind="Link", name=name, reason=reason, guid=guid))
        return links

    def _unsupported_children(self, root: Any, container: str, item: str, reason: str) -> None:
        element = _child(root, container)
        if element is None:
            return
        for child in _children(element, item):
            self.unsupported.append(
                UnsupportedPart(
                    kind=item,
                    name=child.get("name") or "",
                    reason=reason,
                    guid=self._optional_guid(child, "guid"),
                )
            )


def _nest_backslash_codes(codes: list[Code], code_guids: set[str]) -> list[Code]:
    """Turn a flat list with names like 'a\\b' (Taguette's hierarchy) into nested codes.

    Only a flat codebook is rewritten, so a backslash in a nested codebook stays part of the name.
    Missing parents are created with GUIDs derived from their path, stable across imports.
    """
    if any(code.children for code in codes) or not any("\\" in code.name for code in codes):
        return codes
    paths = {}
    by_path: dict[tuple[str, ...], Code] = {}
    for code in codes:
        path = tuple(part for part in code.name.split("\\") if part) or (code.name,)
        paths[id(code)] = path
        by_path.setdefault(path, code)
    roots: list[Code] = []

    def ensure(path: tuple[str, ...]) -> Code:
        existing = by_path.get(path)
        if existing is not None:
            return existing
        parent = Code(guid=derived_guid("code-path", *path), name=path[-1])
        code_guids.add(parent.guid)
        by_path[path] = parent
        (roots if len(path) == 1 else ensure(path[:-1]).children).append(parent)
        return parent

    for code in codes:
        path = paths[id(code)]
        code.name = path[-1]
        (roots if len(path) == 1 else ensure(path[:-1]).children).append(code)
    return roots
