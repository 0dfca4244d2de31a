"""Untrusted REFI-QDA XML: safe parsing, namespace-tolerant element access, schema warnings."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from copy import deepcopy
from importlib import resources
from typing import Any

from django.utils.translation import gettext as _
from lxml import etree

from ..errors import RefiQdaError

_MAX_SCHEMA_WARNINGS = 10


def _parse_xml(raw: bytes, where: str) -> Any:
    """Parse untrusted XML with entities, DTDs and network off; refuse any DOCTYPE."""
    head = raw[:4096]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in raw:
        raise RefiQdaError(
            _("The XML declares a DOCTYPE or entities, which REFI-QDA never needs."), element=where
        )
    parser = etree.XMLParser(  # a fresh parser per document: lxml parsers are not thread-safe
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise RefiQdaError(
            _("The XML is not well-formed: {reason}").format(reason=exc.msg),
            element=_("{where} line {line}").format(where=where, line=exc.lineno),
        ) from exc
    except (ValueError, etree.LxmlError) as exc:
        raise RefiQdaError(_("The XML could not be parsed."), element=where) from exc
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:  # e.g. UTF-16 input the byte check cannot see
        raise RefiQdaError(
            _("The XML declares a DOCTYPE or entities, which REFI-QDA never needs."), element=where
        )
    return root


@functools.lru_cache(maxsize=512)
def _split_tag(tag: str) -> tuple[str, str, bool]:
    """Namespace, local name and whether the namespace is REFI-QDA's (or none), of a Clark-notation tag."""
    namespace, brace, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    if not brace:
        namespace, local = "", tag
    return namespace, local, namespace == "" or namespace.startswith("urn:QDA-XML:")


def _local(element: Any) -> str:
    return _split_tag(element.tag)[1]


def _is_qda(element: Any) -> bool:
    return _split_tag(element.tag)[2]


def _children(element: Any, name: str) -> Iterator[Any]:
    for child in element.iterchildren(tag=etree.Element):
        _, local, qda = _split_tag(child.tag)
        if local == name and qda:
            yield child


def _child(element: Any, name: str) -> Any | None:
    return next(_children(element, name), None)


def _child_text(element: Any, name: str) -> str:
    child = _child(element, name)
    return (child.text or "") if child is not None else ""


@functools.lru_cache(maxsize=2)
def _schema_document(filename: str) -> Any:
    data = resources.files("balint.exchange.refi_qda").joinpath("data").joinpath(filename).read_bytes()
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


def _schema_warnings(root: Any, kind: str) -> list[str]:
    """Validate a copy of the document, moved into the official namespace, and describe what fails."""
    namespace, filename = {
        "Project": ("urn:QDA-XML:project:1.0", "Project-mrt2019.xsd"),
        "CodeBook": ("urn:QDA-XML:codebook:1.0", "Codebook-mrt2019.xsd"),
    }[kind]
    copy = deepcopy(root)
    for element in copy.iter(tag=etree.Element):
        if _is_qda(element):
            element.tag = f"{{{namespace}}}{_local(element)}"
    etree.cleanup_namespaces(copy)
    schema = etree.XMLSchema(_schema_document(filename))  # per call: a schema's error log is shared state
    if schema.validate(copy):
        return []
    errors = list(schema.error_log)
    warnings = [
        _("Not as the REFI-QDA schema expects: {reason} (line {line}).").format(
            reason=error.message, line=error.line
        )
        for error in errors[:_MAX_SCHEMA_WARNINGS]
    ]
    if len(errors) > _MAX_SCHEMA_WARNINGS:
        warnings.append(
            _("… and {count} more schema differences.").format(count=len(errors) - _MAX_SCHEMA_WARNINGS)
        )

    return warnings


def _where(element: Any) -> str:
    guid = element.get("guid")
    return f"{_local(element)} {guid[:40]}" if guid else f"{_local(element)} line {element.sourceline}"
