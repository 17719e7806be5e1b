"""What users type, made safe to store: limited rich text (every use of bleach lives here,
TESTING.md: bleach is unmaintained) and plain text."""
from __future__ import annotations

import bleach
from markupsafe import Markup

TAGS = {"b", "strong", "i", "em", "a", "ul", "ol", "li", "p", "br"}
def _link_attribute(tag: str, name: str, value: str) -> bool:
    # Absolute http(s) links only: no relative, protocol-relative or entity-disguised schemes.
    if name == "href":
        return value.lower().startswith(("http://", "https://"))
    return name == "title"


ATTRIBUTES = {"a": _link_attribute}
PROTOCOLS = {"http", "https"}


def clean_rich_text(html: str) -> str:
    """What we store: only the tags above; links only to http(s); everything else escaped."""
    cleaned = bleach.clean(html, tags=TAGS, attributes=ATTRIBUTES, protocols=PROTOCOLS, strip=True)
    return bleach.linkify(cleaned, callbacks=[_safe_link], skip_tags={"pre", "code"})


def _safe_link(attrs, new=False):
    # linkify also makes links of ftp:, mailto:, data: and more; those stay plain text.
    href = attrs.get((None, "href"))
    if href is not None and not _link_attribute("a", "href", href):
        return None
    attrs[(None, "rel")] = "nofollow noopener noreferrer"
    return attrs


def render_rich_text(stored: str) -> Markup:
    """Cleaned again on the way out, in case a row was written by something other than us."""
    return Markup(clean_rich_text(stored))


def clean_text(value: str | None, name: str, *, limit: int, required: bool = False,
               error: type[ValueError] = ValueError) -> str:
    """Plain text as typed, trimmed. PostgreSQL cannot store NUL, so one is shown as U+FFFD rather
    than failing or being dropped; text missing or over `limit` raises `error` naming the field."""
    value = (value or "").replace("\x00", "\ufffd").strip()
    if required and not value:
        raise error(f"{name} is required")
    if len(value) > limit:
        raise error(f"{name} is longer than {limit:,} characters")
    return value
