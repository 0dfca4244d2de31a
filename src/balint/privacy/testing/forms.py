"""Find the forms on a rendered page and fill them, so adversarial tests can walk every app's forms."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

TEXT_TYPES = {"text", "search", "email", "url", "tel", ""}


@dataclass
class Field:
    tag: str
    type: str
    name: str
    value: str = ""
    checked: bool = False
    options: list[str] = field(default_factory=list)


@dataclass
class PageForm:
    action: str
    method: str
    fields: list[Field] = field(default_factory=list)

    @property
    def has_password(self) -> bool:
        return any(f.type == "password" for f in self.fields)

    @property
    def has_file(self) -> bool:
        return any(f.type == "file" for f in self.fields)

    def text_fields(self) -> list[Field]:
        return [f for f in self.fields if f.tag == "textarea" or (f.tag == "input" and f.type in TEXT_TYPES)]

    def data(self, text: str | None = None) -> dict[str, list[str]]:
        """Values for every field: text-like fields get `text` (or their value), others a plausible value."""
        values: dict[str, list[str]] = {}

        def add(name: str, value: str) -> None:
            values.setdefault(name, []).append(value)

        for f in self.fields:
            if not f.name:
                continue
            if f.tag == "select":
                options = [o for o in f.options if o]
                if options:
                    add(f.name, options[0])
            elif f.type in ("checkbox", "radio"):
                if f.checked or (f.type == "radio" and f.name not in values):
                    add(f.name, f.value or "on")
            elif f.type == "hidden":
                add(f.name, f.value)
            elif f.type == "number":
                add(f.name, f.value or "1")
            elif f.type == "date":
                add(f.name, f.value or "2025-01-15")
            elif f.type == "datetime-local":
                add(f.name, f.value or "2025-01-15T10:00")
            elif f.type == "time":
                add(f.name, f.value or "10:00")
            elif f.type in ("file", "submit", "button", "reset", "image", "password"):
                continue
            elif f in self.text_fields():
                add(f.name, text if text is not None else f.value)
            else:
                add(f.name, f.value)
        return values


class _Parser(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[PageForm] = []
        self.current: PageForm | None = None
        self.select: Field | None = None
        self.textarea: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            action = urljoin(self.page_url, a.get("action") or self.page_url)
            self.current = PageForm(
                action=urlsplit(action).path
                + (f"?{urlsplit(action).query}" if urlsplit(action).query else ""),
                method=a.get("method", "get").lower(),
            )
            self.forms.append(self.current)
        elif self.current is None:
            return
        elif tag == "input":
            self.current.fields.append(
                Field(
                    "input",
                    a.get("type", "text").lower(),
                    a.get("name", ""),
                    a.get("value", ""),
                    "checked" in a,
                )
            )
        elif tag == "textarea":
            self.textarea = Field("textarea", "textarea", a.get("name", ""))
            self.current.fields.append(self.textarea)
        elif tag == "select":
            self.select = Field("select", "select", a.get("name", ""))
            self.current.fields.append(self.select)
        elif tag == "option" and self.select is not None:
            self.select.options.append(a.get("value", ""))

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def page_forms(html: str, page_url: str) -> list[PageForm]:
    """The forms of a page with their fields, actions made absolute paths."""
    parser = _Parser(page_url)
    parser.feed(html)
    return parser.forms
