"""The project reader's sources: their text, selections and codings, and where selections fall."""

from __future__ import annotations

import codecs
import io
from collections import defaultdict
from typing import Any
from urllib.parse import unquote

from django.utils.translation import gettext as _
from lxml import etree

from ..model import (
    Coding,
    PlainTextSelection,
    PositionReport,
    TextSource,
    UnsupportedPart,
)
from ..positions import (
    CODE_POINTS,
    UNITS,
    UTF16,
    Offsets,
    PositionUnit,
    prior_unit,
    read_positions,
    unit_label,
)
from .archive import _Archive, _check_member_name
from .base import AUTO, _ReaderBase
from .values import _integer
from .xmldoc import _child, _child_text, _children, _local

_OTHER_SOURCES = {"PictureSource", "PDFSource", "AudioSource", "VideoSource"}


class _SourceReader(_ReaderBase):
    """Reads text sources, their selections and codings, and places the selections in the text."""

    # -- selection positions

    def _place_selections(self, stated: PositionUnit | None) -> PositionReport:
        """Decide the unit of every selection's positions, then turn them into code points of the text.

        The unit is the one asked for, else the one the file states (our own exports), else the one
        that places more of the selections whose readings differ on whole words and characters, else the
        one the origin tool is known to write. A boundary inside a surrogate pair is widened to the whole
        character (repaired); a selection outside the text in that unit is left out (could not be placed).
        """
        offsets = {id(source): Offsets(source.text) for source, _ in self.selections}
        fits = dict.fromkeys(UNITS, 0)
        differing = 0
        for source, selection in self.selections:
            text_offsets = offsets[id(source)]
            if not text_offsets.differs:
                continue
            readings = {
                unit: read_positions(text_offsets, selection.start, selection.end, unit) for unit in UNITS
            }
            if (readings[UNITS[0]].start, readings[UNITS[0]].end) == (
                readings[UNITS[1]].start,
                readings[UNITS[1]].end,
            ):
                continue
            differing += 1
            for unit, reading in readings.items():
                fits[unit] += reading.fits
        prior = prior_unit(self.origin)
        if self.position_unit != AUTO:
            unit, reason = self.position_unit, _("chosen for this import")
        elif stated is not None:
            unit, reason = stated, _("as the file states")
        elif differing and fits[UTF16] != fits[CODE_POINTS]:
            unit = UTF16 if fits[UTF16] > fits[CODE_POINTS] else CODE_POINTS
            reason = _(
                "of {differing} selections that the two units place differently, {fits} fall on whole "
                "words and characters this way and {other_fits} as {other_unit}"
            ).format(
                differing=differing,
                fits=fits[unit],
                other_fits=fits[_other(unit)],
                other_unit=unit_label(_other(unit)),
            )
            if unit == prior == UTF16:
                reason = _("{tool} counts in UTF-16 code units; {reason}").format(
                    tool=self.origin, reason=reason
                )
        else:
            unit = prior
            known = (
                _("{tool} writes them").format(tool=self.origin)
                if prior != CODE_POINTS
                else _("the usual reading")
            )
            reason = (
                known
                if not differing
                else _("{known}; the text did not tell the units apart").format(known=known)
            )
        report = PositionReport(unit=unit, reason=reason)
        kept: dict[int, list[PlainTextSelection]] = defaultdict(list)
        for source, selection in self.selections:
            text_offsets = offsets[id(source)]
            reading = read_positions(text_offsets, selection.start, selection.end, unit)
            report.selections += 1
            if not reading.in_range:
                report.unplaced += 1
                self.unsupported.append(
                    UnsupportedPart(
                        kind="PlainTextSelection",
                        name=source.name,
                        guid=selection.guid,
                        reason=_(
                            "Its position {start}-{end} lies outside the text of {length} {unit}."
                        ).format(
                            start=selection.start,
                            end=selection.end,
                            length=text_offsets.length(unit),
                            unit=unit_label(unit),
                        ),
                    )
                )
                continue
            if reading.split_pair:  # half an emoji cannot be coded: the whole character is
                report.repaired += 1
            selection.start, selection.end = reading.start, reading.end
            kept[id(source)].append(selection)
        for source, _unused in self.selections:
            source.selections = kept[id(source)]
        return report

    def _sources(self, element: Any) -> list[TextSource]:
        sources = []
        for child in element.iterchildren(tag=etree.Element):
            kind = _local(child)
            if kind == "TextSource":
                source = self._text_source(child)
                if source is not None:
                    sources.append(source)
            else:
                reason = (
                    _("Balint imports text sources only.")
                    if kind in _OTHER_SOURCES
                    else _("Unknown kind of source.")
                )
                self.unsupported.append(
                    UnsupportedPart(
                        kind=kind,
                        name=child.get("name") or "",
                        reason=reason,
                        guid=self._optional_guid(child, "guid"),
                    )
                )
        return sources

    def _text_source(self, element: Any) -> TextSource | None:
        guid = self._claim(element)
        name = element.get("name") or f"Source {guid[:8]}"
        text = self._source_text(element, f"TextSource {name}")
        if text is None:
            self.unsupported.append(
                UnsupportedPart(
                    kind="TextSource",
                    name=name,
                    guid=guid,
                    reason=_("Its text is not inside the file (no plain text, no readable .docx)."),
                )
            )
            return None
        source = TextSource(
            guid=guid,
            name=name,
            text=text,
            description=_child_text(element, "Description"),
            creating_user=self._optional_guid(element, "creatingUser"),
            created_at=self._datetime(element.get("creationDateTime")),
        )
        for selection_element in _children(element, "PlainTextSelection"):
            selection = self._selection(selection_element, source)
            if selection is not None:
                source.selections.append(selection)
                self.selections.append((source, selection))
        for coding in _children(element, "Coding"):
            self.unsupported.append(
                UnsupportedPart(
                    kind="Coding",
                    name=name,
                    guid=self._optional_guid(coding, "guid"),
                    reason=_("Coding of a whole document is not imported."),
                )
            )
        self._note_refs(element, guid)
        for value_element in _children(element, "VariableValue"):
            self._variable_value(value_element, source)
        return source

    def _source_text(self, element: Any, where: str) -> str | None:
        """Return the plain text of a source: inline content, the plain-text file, or text of the .docx."""
        inline = _child(element, "PlainTextContent")
        if inline is not None and inline.text:
            return inline.text
        plain_path = element.get("plainTextPath")
        if plain_path:
            raw = self._internal_file(plain_path, where)
            if raw is not None:
                return self._decode_text(raw, where)
        rich_path = element.get("richTextPath")
        if rich_path:
            raw = self._internal_file(rich_path, where)
            if raw is not None and rich_path.lower().endswith(".txt"):
                return self._decode_text(raw, where)
            if raw is not None and rich_path.lower().endswith(".docx"):
                text = self._docx_text(raw, where)
                if text is not None:
                    self.warnings.append(
                        _("{where}: text taken from the .docx; coded offsets may shift slightly.").format(
                            where=where
                        )
                    )
                return text
        if inline is not None:
            return ""  # an empty PlainTextContent element is an empty document, not a missing one
        return None

    def _internal_file(self, path: str, where: str) -> bytes | None:
        """Return the bytes of an internal:// file, None when it is external or absent."""
        scheme, separator, rest = path.partition("://")
        if not separator:
            scheme, rest = "internal", path
        if scheme.lower() != "internal" or self.archive is None:
            return None
        for candidate in dict.fromkeys([rest, unquote(rest)]):
            _check_member_name(candidate)
            name = candidate.removeprefix("./")
            info = self.archive.find(f"sources/{name}", name)
            if info is not None:
                return self.archive.read(info)
        self.warnings.append(
            _("{where}: the file {path} is missing from the archive.").format(where=where, path=path)
        )
        return None

    def _decode_text(self, raw: bytes, where: str) -> str:
        """Decode a plain-text file as UTF-8 (UTF-16 when it has that BOM), dropping any BOM."""
        for bom, encoding in (
            (codecs.BOM_UTF8, "utf-8"),
            (codecs.BOM_UTF16_LE, "utf-16-le"),
            (codecs.BOM_UTF16_BE, "utf-16-be"),
        ):
            if raw.startswith(bom):
                return raw[len(bom) :].decode(encoding, errors="replace")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            self.warnings.append(
                _("{where}: the text is not valid UTF-8; unreadable bytes became U+FFFD.").format(where=where)
            )
            return raw.decode("utf-8", errors="replace")

    def _docx_text(self, raw: bytes, where: str) -> str | None:
        """Return the paragraphs of a .docx joined by newlines, after the archive's zip-bomb checks."""
        _Archive(raw, self.limits, label=_("Word document"))  # raises before python-docx unpacks anything
        import docx  # python-docx loads with the first Word document read, not with the site

        try:
            document = docx.Document(io.BytesIO(raw))
            return "\n".join(paragraph.text for paragraph in document.paragraphs)
        except Exception:  # python-docx raises many types on damaged documents
            self.warnings.append(_("{where}: the Word document could not be read.").format(where=where))
            return None

    def _selection(self, element: Any, source: TextSource) -> PlainTextSelection | None:
        """A selection with its raw positions, in the file's unit; _place_selections converts them."""
        guid = self._claim(element)
        start = _integer(element.get("startPosition"))
        end = _integer(element.get("endPosition"))
        if start is None or end is None or not 0 <= start <= end:
            self.unsupported.append(
                UnsupportedPart(
                    kind="PlainTextSelection",
                    name=source.name,
                    guid=guid,
                    reason=_("Its position {start}-{end} is not a stretch of the text.").format(
                        start=element.get("startPosition"), end=element.get("endPosition")
                    ),
                )
            )
            return None
        selection = PlainTextSelection(
            guid=guid,
            start=start,
            end=end,
            name=element.get("name") or "",
            description=_child_text(element, "Description"),
            creating_user=self._optional_guid(element, "creatingUser"),
            created_at=self._datetime(element.get("creationDateTime")),
        )
        for coding_element in _children(element, "Coding"):
            coding = self._coding(coding_element)
            if coding is not None:
                selection.codings.append(coding)
            self._note_refs(
                coding_element, guid
            )  # a note on a coding is, for Balint, a note on the selection
        self._note_refs(element, guid)
        return selection

    def _coding(self, element: Any) -> Coding | None:
        code_ref = _child(element, "CodeRef")
        code_guid = self._optional_guid(code_ref, "targetGUID") if code_ref is not None else None
        if code_guid is None or code_guid not in self.code_guids:
            self.warnings.append(_("A coding refers to a code missing from the codebook; it was left out."))

            return None
        guid = self._optional_guid(element, "guid")
        if guid is not None and guid in self.guids:
            guid = None  # a repeated coding GUID is replaced by a derived one on export rather than refused
        if guid is not None:
            self.guids.add(guid)
        return Coding(
            code_guid=code_guid,
            guid=guid,
            creating_user=self._optional_guid(element, "creatingUser"),
            created_at=self._datetime(element.get("creationDateTime")),
        )


def _other(unit: str) -> PositionUnit:
    return CODE_POINTS if unit == UTF16 else UTF16
