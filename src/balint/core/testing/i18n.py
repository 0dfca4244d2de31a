"""Finds text a template shows that is not inside a translate tag, and reads gettext catalogues.

The template check blanks every template tag, variable and comment (keeping offsets), drops what sits
inside {% translate %}/{% blocktranslate %}, <script>/<style> and {% comment %}, and reports the words left
in text nodes and in the attributes people read or hear (title, alt, placeholder, aria-label...).
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from django.template.base import DebugLexer, TokenType

BLOCK, VAR = "\ue000", "\ue001"  # fillers the width of the tag or variable they stand for
VISIBLE_ATTRIBUTES = (
    "title",
    "alt",
    "placeholder",
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "data-confirm",
)
# Words that read the same in every language: the product's name, file formats, standards, units.
ALLOWED_WORDS = {
    "Balint",
    "CSV",
    "XLSX",
    "PDF",
    "DOCX",
    "ODT",
    "ICS",
    "iCal",
    "JSON",
    "API",
    "REFI-QDA",
    "QDPX",
    "QDC",
    "PGY",
    "ID",
    "UTC",
    "URL",
    "HTML",
    "SVG",
    "OK",
    "Cohen",
    "Krippendorff",
    "WCAG",
    "ORCID",
    "OTP",
    "TOTP",
    "htmx",
    "ONNX",
    "MiniLM",
    "F1",
    "macro-F1",
    "ECE",
    "k",
    "n",
    "κ",
    "α",
    "AUC",
    "kB",
    "MB",
}
_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W\d_]|[^\W\d_]{2,}", re.UNICODE)
_SKIPPED_ELEMENTS = re.compile(r"<(script|style|code|pre)\b.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<!--.*?-->|<[^<>]*>", re.S)
_ATTRIBUTE = re.compile(r"""\s([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ENTITY = re.compile(r"&#?\w+;")


@dataclass(frozen=True)
class Unmarked:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


def _shown(text: str) -> str:
    """The text as a reader of the failure sees it: each template tag or variable as one ellipsis."""
    return re.sub(f"[{BLOCK}{VAR}]+", "…", " ".join(text.split())).strip()


def blanked(source: str) -> str:
    """The template with tags/variables as same-width fillers and translated or ignored stretches blanked."""
    out: list[str] = []
    skip_until: str | None = None
    for token in DebugLexer(source).tokenize():
        raw = source[token.position[0] : token.position[1]]
        if skip_until:
            out.append(" " * len(raw) if token.token_type != TokenType.TEXT else re.sub(r"[^\n]", " ", raw))
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == skip_until:
                skip_until = None
            continue
        if token.token_type == TokenType.TEXT:
            out.append(raw)
        elif token.token_type == TokenType.VAR:
            out.append(VAR * len(raw))
        elif token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if name in ("blocktranslate", "blocktrans"):
                skip_until = "end" + name
            elif name == "comment":
                skip_until = "endcomment"
            out.append(BLOCK * len(raw))
        else:
            out.append(" " * len(raw))
    return "".join(out)


def _visible_words(text: str) -> list[str]:
    text = _ENTITY.sub(" ", text.replace(BLOCK, " ").replace(VAR, " "))
    return [w for w in _WORD.findall(text) if w not in ALLOWED_WORDS and w.strip("-") not in ALLOWED_WORDS]


def unmarked_in(source: str, path: str = "") -> list[Unmarked]:
    """Every text node or visible attribute with a word outside a translate tag."""
    text = blanked(source)
    text = _SKIPPED_ELEMENTS.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    found = []
    position = 0
    for match in _TAG.finditer(text + "<>"):
        node = text[position : match.start()]
        if _visible_words(node):
            found.append(Unmarked(path, text.count("\n", 0, position) + 1, _shown(node)))
        for attribute in _ATTRIBUTE.finditer(match.group(0)):
            value = attribute.group(2) if attribute.group(2) is not None else attribute.group(3)
            if attribute.group(1).lower() in VISIBLE_ATTRIBUTES and _visible_words(value):
                line = text.count("\n", 0, match.start()) + 1
                found.append(Unmarked(path, line, f"{attribute.group(1)}={_shown(value)}"))
        position = match.end()
    return found


def unmarked_in_file(path: Path, root: Path) -> list[Unmarked]:
    return unmarked_in(path.read_text(encoding="utf-8"), str(path.relative_to(root)))


@dataclass(frozen=True)
class Entry:
    context: str
    msgid: str
    plural: str
    translations: tuple[str, ...]
    fuzzy: bool


def _unquote(lines: list[str]) -> str:
    raw = "".join(line.strip()[1:-1] for line in lines)
    return raw.encode("utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file (the header, msgid "", left out; obsolete #~ entries too)."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        lines = [line for line in block.splitlines() if line.strip() and not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields: dict[str, list[str]] = {}
        current = None
        for line in lines:
            if line.startswith("#"):
                continue
            if line.startswith('"'):
                if current:
                    fields[current].append(line)
                continue
            keyword, _, rest = line.partition(" ")
            current = keyword
            fields[current] = [rest]
        if "msgid" not in fields:
            continue
        msgid = _unquote(fields["msgid"])
        if not msgid:
            continue
        plural = _unquote(fields.get("msgid_plural", ['""']))
        keys = sorted(k for k in fields if k.startswith("msgstr"))
        entries.append(
            Entry(
                context=_unquote(fields.get("msgctxt", ['""'])),
                msgid=msgid,
                plural=plural,
                translations=tuple(_unquote(fields[k]) for k in keys),
                fuzzy=fuzzy,
            )
        )
    return entries


# --- Python: strings a person reads, passed to the calls that show them ---------------------------------

# Calls whose first argument is shown to a person (a refusal, an error page or a JSON error).
SHOWN_FIRST_ARGUMENT = {
    "ApplicationError",
    "ValidationError",
    "RefiQdaError",
    "HttpResponse",
    "HttpResponseBadRequest",
    "HttpResponseForbidden",
    "HttpResponseNotFound",
    "HttpResponseNotAllowed",
    "json_error",
}
# Calls whose second argument is shown: a figure's reason (`Figure(None, "...")`), a validator's message.
SHOWN_SECOND_ARGUMENT = {"Figure", "RegexValidator"}
MESSAGE_LEVELS = {"debug", "info", "success", "warning", "error"}  # messages.<level>(request, text)
# Lists of problems a page or a job shows: `<row>.errors.append(text)`, `<reader>.warnings.append(text)`.
SHOWN_LISTS = {"errors", "warnings"}
SHOWN_KEYWORDS = {"label", "help_text", "empty_label"}  # a form field's or model field's words
# Keywords of the result rows pages show: `RequirementProgress(advice=...)`, a refusal's `reason=`.
SHOWN_RESULT_KEYWORDS = {"advice", "reason"}
# Mappings a function fills with what a page shows per item: `found[source.pk] = "Not approved."`.
SHOWN_MAPPINGS = {"found", "refusals", "reasons"}
# A module-level constant named like this holds a sentence a page shows (`POLL_RULES`, `..._DEFINITION`).
SHOWN_CONSTANT_SUFFIXES = ("_RULES", "_DEFINITION", "_REASON", "_TEXT", "_NOTE", "_ERRORS", "_MESSAGE")
# Class attributes of a form's Meta that hold words: `help_texts = {"aims": "..."}`.
SHOWN_META_MAPPINGS = {"help_texts", "labels", "error_messages", "placeholders"}
JSON_ERROR_KEYS = {"error", "message", "detail"}  # JsonResponse({"error": text})
# Folders whose text only administrators read at a terminal: management commands stay English (README).
ENGLISH_FOLDERS = {"management", "migrations", "tests", "testing", "locale"}


@dataclass(frozen=True)
class UnmarkedCall:
    path: str
    line: int
    call: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.call}({self.text})"


def _words_in(node: ast.AST) -> bool:
    """Whether the literal parts of a plain string expression hold a word to translate."""
    parts = [node.value] if isinstance(node, ast.Constant) else []
    if isinstance(node, ast.JoinedStr):
        parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
    return any(_visible_words(str(part)) for part in parts)


def _plain_text(node: ast.AST | None) -> ast.AST | None:
    """The expression when it is text nobody marked: a literal, an f-string, "...".format() or "a" + b."""
    if node is None:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and _words_in(node):
        return node
    if isinstance(node, ast.JoinedStr) and _words_in(node):
        return node
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _plain_text(node.func.value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return _plain_text(node.left) or _plain_text(node.right)
    if isinstance(node, ast.IfExp):
        return _plain_text(node.body) or _plain_text(node.orelse)
    return None


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        owner = func.value.id if isinstance(func.value, ast.Name) else ""
        return f"{owner}.{func.attr}" if owner else func.attr
    return ""


def _shown_arguments(
    node: ast.Call, constants: dict[str, ast.AST], locals_: dict[str, list[ast.AST]] | None = None
) -> list[tuple[str, ast.AST]]:
    """The (what, expression) pairs of a call that a person reads."""
    locals_ = locals_ or {}
    name = _call_name(node)
    short = name.rsplit(".", 1)[-1]
    shown: list[tuple[str, ast.AST]] = []
    if short in SHOWN_FIRST_ARGUMENT and node.args:
        first = node.args[0]
        if isinstance(first, ast.Dict):  # ValidationError({"field": "text"})
            shown += [(name, value) for value in first.values if value is not None]
        elif isinstance(first, (ast.List, ast.Tuple)):
            shown += [(name, value) for value in first.elts]
        elif isinstance(first, ast.Name) and first.id in constants:
            shown.append((name, constants[first.id]))
        else:
            shown.append((name, first))
    if short in SHOWN_SECOND_ARGUMENT and len(node.args) > 1:
        second = node.args[1]
        shown.append((name, constants.get(second.id, second) if isinstance(second, ast.Name) else second))
    if name.startswith("messages.") and short in MESSAGE_LEVELS and len(node.args) > 1:
        shown.append((name, node.args[1]))
    func = node.func
    if (
        short == "append"
        and isinstance(func, ast.Attribute)
        and (getattr(func.value, "attr", None) or getattr(func.value, "id", None)) in SHOWN_LISTS
        and node.args
    ):
        shown.append(("errors/warnings.append", node.args[0]))
    if short == "add_error" and len(node.args) > 1:  # form.add_error(field, text)
        shown.append((name, node.args[1]))
    if name in ("self.warn", "job.step") and node.args:
        shown.append((name, node.args[-1]))
    if short == "JsonResponse" and node.args and isinstance(node.args[0], ast.Dict):
        body = node.args[0]
        for key, value in zip(body.keys, body.values, strict=True):
            if isinstance(key, ast.Constant) and key.value in JSON_ERROR_KEYS:
                shown.append((f"{name}[{key.value!r}]", value))
    for keyword in node.keywords:
        value = keyword.value
        if keyword.arg in SHOWN_KEYWORDS | SHOWN_RESULT_KEYWORDS:
            # A local `advice = "" if met else "..."` passed on as `advice=advice` is read through.
            values = locals_.get(value.id, [value]) if isinstance(value, ast.Name) else [value]
            shown += [(f"{name}({keyword.arg}=)", v) for v in values]
        elif keyword.arg == "error_messages":
            listed = constants.get(value.id) if isinstance(value, ast.Name) else value
            if isinstance(listed, ast.Dict):
                shown += [(f"{name}(error_messages=)", v) for v in listed.values]
        elif keyword.arg == "choices":
            listed = constants.get(keyword.value.id) if isinstance(keyword.value, ast.Name) else keyword.value
            shown += [(f"{name}(choices=)", label) for label in _pair_labels(listed)]
    return shown


def _pair_labels(node: ast.AST | None) -> list[ast.AST]:
    """The labels of a literal list of (value, label) pairs: `[("", "All kinds"), *Kind.choices]`."""
    if not isinstance(node, (ast.List, ast.Tuple)):
        return []
    return [
        pair.elts[-1] for pair in node.elts if isinstance(pair, (ast.Tuple, ast.List)) and len(pair.elts) == 2
    ]


def _module_constants(tree: ast.Module) -> dict[str, ast.AST]:
    """NAME -> value of the module's top-level assignments, so `choices=NAME` is read like a literal."""
    return {
        target.id: statement.value
        for statement in tree.body
        if isinstance(statement, ast.Assign)
        for target in statement.targets
        if isinstance(target, ast.Name)
    }


def _choice_labels(node: ast.ClassDef) -> list[ast.AST]:
    """The labels of a TextChoices/IntegerChoices class: `VALUE = "value", "Label"`."""
    bases = {getattr(b, "attr", getattr(b, "id", "")) for b in node.bases}
    if not bases & {"TextChoices", "IntegerChoices", "Choices"}:
        return []
    return [
        statement.value.elts[-1]
        for statement in node.body
        if isinstance(statement, ast.Assign)
        and isinstance(statement.value, ast.Tuple)
        and len(statement.value.elts) > 1
    ]


def _assigned(tree: ast.AST) -> dict[str, list[ast.AST]]:
    """NAME -> every value a plain `NAME = value` gives it in the module (to read `advice=advice`)."""
    values: dict[str, list[ast.AST]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            values.setdefault(node.targets[0].id, []).append(node.value)
    return values


def _elements(node: ast.AST) -> list[ast.AST]:
    """A constant's texts: itself, or the items of a tuple/list, or the values of a dict."""
    if isinstance(node, (ast.Tuple, ast.List)):
        return list(node.elts)
    if isinstance(node, ast.Dict):
        return [v for v in node.values if v is not None]
    return [node]


def _shown_assignments(tree: ast.Module) -> list[tuple[str, ast.AST]]:
    """Texts shown through assignments: shown-named constants, `found[...] = text`, `.help_text = text`,
    a form Meta's `help_texts = {...}` and a field-arguments dict's `"error_messages": {...}` / `"label"`."""
    shown: list[tuple[str, ast.AST]] = []
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name) and target.id.endswith(SHOWN_CONSTANT_SUFFIXES):
                    shown += [(target.id, v) for v in _elements(statement.value)]
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == "Meta":
            for statement in node.body:
                if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Dict):
                    names = {getattr(t, "id", "") for t in statement.targets}
                    for meta in names & SHOWN_META_MAPPINGS:
                        shown += [(f"Meta.{meta}", v) for v in statement.value.values if v is not None]
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if (
                    isinstance(target, ast.Subscript)
                    and isinstance(target.value, ast.Name)
                    and target.value.id in SHOWN_MAPPINGS
                ):
                    shown.append((f"{target.value.id}[...]", node.value))
                if isinstance(target, ast.Attribute) and target.attr in SHOWN_KEYWORDS:
                    shown.append((f".{target.attr} =", node.value))
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if not isinstance(key, ast.Constant):
                    continue
                if key.value == "error_messages" and isinstance(value, ast.Dict):
                    shown += [("'error_messages'", v) for v in value.values if v is not None]
                elif key.value in ("label", "help_text"):
                    shown.append((repr(key.value), value))
    return shown


def unmarked_calls_in(source: str, path: str = "") -> list[UnmarkedCall]:
    """Every plain (unmarked) string a person would read, passed to a call that shows it."""
    found = []
    tree = ast.parse(source)
    constants = _module_constants(tree)
    locals_ = _assigned(tree)
    for what, argument in _shown_assignments(tree):
        text = _plain_text(argument)
        if text is not None:
            found.append(UnmarkedCall(path, argument.lineno, what, ast.unparse(text)[:100]))
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for label in _choice_labels(node):
                if (text := _plain_text(label)) is not None:
                    found.append(
                        UnmarkedCall(path, label.lineno, f"{node.name} choice", ast.unparse(text)[:100])
                    )
        if not isinstance(node, ast.Call):
            continue
        for call, argument in _shown_arguments(node, constants, locals_):
            text = _plain_text(argument)
            if text is not None:
                found.append(UnmarkedCall(path, argument.lineno, call, ast.unparse(text)[:100]))
    return found


def unmarked_calls_in_package(root: Path) -> list[UnmarkedCall]:
    found = []
    for path in sorted(root.rglob("*.py")):
        if ENGLISH_FOLDERS.intersection(path.relative_to(root).parts):
            continue
        found += unmarked_calls_in(path.read_text(encoding="utf-8"), str(path.relative_to(root)))
    return found
