"""Read a page as a browser does: elements, attributes in any order, and text.

For checks that name one part of a page (a link, a form, a script) without
spelling out its markup. Where the whole element is known, Django's
`assertInHTML` says it more plainly.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

# Elements that never have an end tag.
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "source", "track", "wbr",
}  # fmt: skip


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    children: list["Element"] = field(default_factory=list)
    text: str = ""  # all the text inside it, its children's included

    def __getitem__(self, name: str) -> str | None:
        return self.attrs[name]

    def get(self, name: str, default=None):
        return self.attrs.get(name, default)

    def iter(self):
        """Every element inside this one, in document order."""
        for child in self.children:
            yield child
            yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs: str) -> list["Element"]:
        """Elements inside this one with `tag` (any if None) and `attrs`.

        `class_="x"` matches an element one of whose classes is x; underscores
        in other names stand for hyphens (`aria_current`, `data_start_url`).
        """
        wanted = {name.rstrip("_").replace("_", "-"): v for name, v in attrs.items()}
        return [
            element
            for element in self.iter()
            if tag in (None, element.tag)
            and all(_matches(element, name, v) for name, v in wanted.items())
        ]

    def find(self, tag: str | None = None, **attrs: str) -> "Element":
        """The one element inside this one that matches; none or several fail."""
        found = self.find_all(tag, **attrs)
        assert len(found) == 1, f"{len(found)} <{tag}> elements with {attrs}"
        return found[0]


def _matches(element: Element, name: str, value: str) -> bool:
    if name == "class":
        return value in (element.get("class") or "").split()
    return element.get(name) == value


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs))
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.open[-1].children.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag):
        # Close the nearest open element of that name and any left open in it.
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data):
        for element in self.open:
            element.text += data


def parse(html: str | bytes) -> Element:
    """The page as a tree; `find` and `find_all` search it."""
    if isinstance(html, bytes):
        html = html.decode()
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def form_data(form: Element) -> dict[str, str]:
    """What a browser submits from `form` when nothing is changed.

    Buttons are left out (see `form_buttons`), and so are file inputs and the
    empty forms of the admin's inline templates (`__prefix__`).
    """
    data = {}
    for element in form.iter():
        name = element.get("name")
        if not name or "__prefix__" in name:
            continue
        kind = element.get("type", "text")
        if element.tag == "input" and kind in {"checkbox", "radio"}:
            if "checked" in element.attrs:
                data[name] = element.get("value") or "on"
        elif element.tag == "input" and kind not in {"submit", "file", "button"}:
            data[name] = element.get("value") or ""
        elif element.tag == "select":
            options = element.find_all("option")
            chosen = [o for o in options if "selected" in o.attrs] or options[:1]
            data[name] = (chosen[0].get("value") or "") if chosen else ""
        elif element.tag == "textarea":
            # A browser drops the newline right after <textarea>.
            data[name] = element.text.removeprefix("\n")
    return data


def form_buttons(form: Element) -> list[tuple[str, str]]:
    """The (name, value) pairs of the form's named submit buttons."""
    return [
        (element["name"], element.get("value") or "")
        for element in form.iter()
        if element.tag in {"button", "input"}
        and element.get("type") == "submit"
        and element.get("name")
    ]
