"""Source URLs: http and https only, normalized, with look-alike domains exposed."""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

MAX_URL = 2000  # the length of every URL column (factcheck/models.py)


class URLError(ValueError):
    pass


def _spaces_or_controls(value: str) -> bool:
    return any(ch.isspace() or ord(ch) < 32 for ch in value)


def normalize_url(raw: str) -> str:
    """Lower-case scheme and host, host in punycode, no default port, no fragment."""
    value = (raw or "").strip()
    if not value:
        raise URLError("enter a URL")
    if _spaces_or_controls(value):
        raise URLError("a URL cannot contain spaces or control characters")
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        raise URLError("that is not a valid URL") from None
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        raise URLError(f"only http and https links are accepted, not {scheme or 'a link without a scheme'}")
    host = parts.hostname
    if not host:
        raise URLError("the URL has no host name")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise URLError("the host name is not valid") from None
    netloc = host if port in (None, 80 if scheme == "http" else 443) else f"{host}:{port}"
    if parts.username:
        raise URLError("URLs with a user name or password are not accepted")
    url = urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))
    if len(url) > MAX_URL:
        raise URLError(f"a URL can be at most {MAX_URL:,} characters long; this one has {len(url):,}")
    return url


def http_link(url: str | None) -> str | None:
    """`url` if it is safe as a link target (http or https, no spaces or control characters).

    Stored URLs passed normalize_url(); this guards what reached the database another way
    (an older version, a restored backup, a hand-edited row) at the moment it is shown.
    """
    if not url or _spaces_or_controls(url):
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in {"http", "https"} else None


def display_domain(url: str) -> str:
    """'bücher.example (xn--bcher-kva.example)' for IDN hosts, the plain host otherwise."""
    host = urlsplit(url).hostname or ""
    try:
        unicode_host = host.encode("ascii").decode("idna")
    except UnicodeError:
        return host
    return f"{unicode_host} ({host})" if unicode_host != host else host


def metadata_url(found: str | None) -> tuple[str | None, str | None]:
    """A URL read from a document's metadata: (normalized URL, None), or (None, why it was dropped).

    Metadata is written by whoever made the page, so it gets the same check as a source URL; a
    bad one is dropped, never the whole document.
    """
    if not found or not found.strip():
        return None, None
    try:
        return normalize_url(found), None
    except URLError as exc:
        shown = found.strip()
        shown = shown if len(shown) <= 200 else shown[:200] + "…"
        return None, f"the URL in the page's metadata, “{shown}”, was not kept: {exc}"
