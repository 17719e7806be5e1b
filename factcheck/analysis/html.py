"""HTML pages to text parts and metadata, with plain lxml.

Why lxml alone (measured in docs/benchmarks.md): trafilatura finds the body well but flattens
the structure we need (which block is a heading, a byline, a caption, a footer note) and brings
a dozen dependencies; extruct only reads metadata, which is a few dozen lines here. So: lxml parses
(forgiving of broken markup), we read JSON-LD and meta tags, drop everything that is not article
text, and walk the article's blocks in order.

Never in the text: script, style, template, noscript, iframe, svg, math, forms, navigation,
asides, hidden elements, comments. Kept as boilerplate parts: bylines, captions, related lists,
promos and footers (a disclosure can sit in a footer). <q> keeps its quotation marks, so quoted
words stay quoted for the AI rules.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import lxml.etree as etree
import lxml.html

from .normalize import InputError, without_surrogates

_DROP = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math",
         "canvas", "form", "button", "input", "select", "textarea", "nav", "aside", "dialog",
         "menu", "head", "xmp", "plaintext", "title", "link", "meta", "base", "audio", "video",
         "source", "track", "map", "area", "img", "picture", "applet", "frameset", "frame",
         "noembed", "noframes", "param"}
_BLOCK = {"p", "div", "section", "article", "main", "header", "footer", "h1", "h2", "h3", "h4",
          "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "figure",
          "figcaption", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "address",
          "hr", "body", "html", "details", "summary", "center", "fieldset", "legend", "hgroup"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_HINT_BY_TAG = {"figcaption": "caption", "caption": "caption", "blockquote": "quote",
                "footer": "footer", "address": "byline"}
_CLASS_HINTS = [
    (re.compile(r"(?<![a-z])(?:byline|author|authors|dateline|contributor)(?![a-z])"), "byline"),
    (re.compile(r"(?<![a-z])(?:related|recommend\w*|more-stories|read-more|also-read|outbrain|"
                r"taboola|trending|most-read|most-popular)(?![a-z])"), "related"),
    (re.compile(r"(?<![a-z])(?:newsletter|subscribe|subscription|promo|ad|ads|advert\w*|sponsor\w*|"
                r"share|sharing|social|paywall|signup)(?![a-z])"), "promo"),
    (re.compile(r"(?<![a-z])(?:caption|credit|credits|photo-credit)(?![a-z])"), "caption"),
    (re.compile(r"(?<![a-z])(?:editors?-note|editor-note|disclaimer|disclosure|correction|"
                r"ai-disclosure|note)(?![a-z])"), "disclaimer"),
    (re.compile(r"(?<![a-z])(?:footer|copyright)(?![a-z])"), "footer"),
]
_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle",
                  "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "blogposting",
                  "socialmediaposting", "liveblogposting", "report", "techarticle",
                  "scholarlyarticle", "askpublicnewsarticle", "webpage", "creativework"}
_MEDIA_KEYS = {"image", "video", "audio", "associatedmedia", "thumbnail", "thumbnailurl", "logo",
               "photo", "primaryimageofpage"}
_DATE_META = ("article:published_time", "og:published_time", "datepublished", "pubdate",
              "publishdate", "publish-date", "date", "dc.date", "dc.date.issued", "dcterms.created",
              "dcterms.issued", "sailthru.date", "parsely-pub-date", "citation_publication_date",
              "article.published")
_AI_META = re.compile(r"^(?:ai[-_:]?generated|ai[-_]content|generated[-_]by[-_]ai|x-ai-generated|"
                      r"ai-disclosure)$", re.IGNORECASE)
_RELEVANT_META = re.compile(
    r"^(?:og:|article:|twitter:(?:title|creator|site)|author|description|generator|keywords|"
    r"news_keywords|date|pubdate|publishdate|dc\.|dcterms\.|citation_|parsely-|sailthru\.|"
    r"digitalsourcetype|iptc|ai|application-name|copyright|robots|c2pa)", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\n\r\f\v\u00a0\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
_BR = "\ue000"  # a <br> while whitespace is collapsed
_TITLE_SUFFIX = re.compile(r"\s+[|–—·:-]\s+[^|–—·]{2,60}$")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


@dataclass
class Page:
    title: str | None
    parts: list[tuple[str, str | None]]  # (text, hint)
    metadata: dict[str, Any] = field(default_factory=dict)
    published: date | None = None


def extract(html: str) -> Page:
    """Title, body parts with hints, and metadata from an HTML page."""
    # libxml2 stops at a lone surrogate and drops the rest of the page; the extracted text is
    # new text anyway, so a replacement character stands in for it.
    html = without_surrogates(_XML_DECLARATION.sub("", html, count=1))
    if not html.strip():
        return Page(None, [], _empty_metadata())
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"The HTML could not be read ({exc}); save the page again and import it.") from None
    meta, links = _meta_tags(root)
    json_ld, ld_errors = _json_ld(root)
    article_ld = _article_object(json_ld)
    provenance = _provenance(root, meta, links, json_ld, article_ld, ld_errors)
    title = _title(root, meta, article_ld)
    published_raw = _published_raw(root, meta, article_ld)
    published = _to_date(published_raw)
    authors = _authors(root, meta, article_ld)
    provenance["authors"] = authors
    parts = _body_parts(root, title)
    metadata = {
        "author": ", ".join(authors) or None,
        "url": links.get("canonical") or meta.get("og:url") or _ld_str(article_ld, "url"),
        "outlet": (_ld_name(article_ld.get("publisher")) if article_ld else None)
        or meta.get("og:site_name") or meta.get("application-name"),
        "published": published.isoformat() if published else None,
        "published_raw": published_raw,
        "language": (root.get("lang") or "").split("-")[0].lower() or None,
        "provenance": provenance,
    }
    return Page(title, parts, metadata, published)


def _empty_metadata() -> dict[str, Any]:
    return {"author": None, "url": None, "outlet": None, "published": None, "provenance": {}}


def _meta_tags(root) -> tuple[dict[str, str], dict[str, str]]:
    meta: dict[str, str] = {}
    links: dict[str, str] = {}
    for el in root.iter("meta"):
        key = el.get("name") or el.get("property") or el.get("itemprop") or el.get("http-equiv")
        content = el.get("content")
        if key and content is not None:
            meta.setdefault(key.strip().lower(), content.strip())
    for el in root.iter("link"):
        rel = (el.get("rel") or "").lower()
        href = el.get("href")
        if href and rel:
            for r in rel.split():
                links.setdefault(r, href.strip())
    return meta, links


def _json_ld(root) -> tuple[list[dict], list[str]]:
    objects: list[dict] = []
    errors: list[str] = []
    for el in root.iter("script"):
        kind = (el.get("type") or "").lower()
        if "ld+json" not in kind and "ninjs" not in kind:
            continue
        raw = el.text or ""
        try:
            data = json.loads(raw, strict=False)
        except ValueError as exc:
            errors.append(f"{kind}: {exc}")
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.append(item["@graph"])
                objects.append(item)
    return objects, errors


def _type_label(obj: dict) -> str:
    t = obj.get("@type") or obj.get("type") or "object"
    return "/".join(str(x) for x in t) if isinstance(t, list) else str(t)


def _types(obj: dict) -> set[str]:
    t = obj.get("@type") or obj.get("type") or []
    if isinstance(t, str):
        t = [t]
    return {str(x).lower().rsplit("/", 1)[-1] for x in t if isinstance(x, str)}


def _article_object(objects: list[dict]) -> dict:
    ranked = sorted(objects, key=lambda o: (
        not (_types(o) & (_ARTICLE_TYPES - {"webpage", "creativework"})),
        not (_types(o) & _ARTICLE_TYPES)))
    return ranked[0] if ranked and _types(ranked[0]) & _ARTICLE_TYPES else {}


def _provenance(root, meta, links, json_ld, article_ld, ld_errors) -> dict[str, Any]:
    found: list[dict[str, str]] = []
    for obj in json_ld:
        top_is_article = obj is article_ld or bool(_types(obj) & _ARTICLE_TYPES)
        _walk_source_types(obj, "JSON-LD " + _type_label(obj),
                           "article" if top_is_article else "other", found)
    for key, value in meta.items():
        if "digitalsourcetype" in key.replace("_", "").replace("-", ""):
            found.append({"value": value, "where": f'<meta name="{key}">', "scope": "article"})
    c2pa = [href for rel, href in links.items() if "c2pa" in rel]
    c2pa += [v for k, v in meta.items() if "c2pa" in k]
    return {
        "json_ld": json_ld,
        "json_ld_errors": ld_errors,
        "meta": {k: v for k, v in meta.items() if _RELEVANT_META.match(k)},
        "digital_source_type": found,
        "ai_meta": {k: v for k, v in meta.items() if _AI_META.match(k)},
        "generator": meta.get("generator"),
        "c2pa": c2pa,
    }


def _walk_source_types(obj: Any, where: str, scope: str, found: list, depth: int = 0) -> None:
    if depth > 20:
        return
    if isinstance(obj, list):
        for item in obj:
            _walk_source_types(item, where, scope, found, depth + 1)
        return
    if not isinstance(obj, dict):
        return
    for key, value in obj.items():
        low = str(key).lower()
        if low in ("digitalsourcetype", "iptc4xmpext:digitalsourcetype"):
            for v in value if isinstance(value, list) else [value]:
                if isinstance(v, dict):
                    v = v.get("@id") or v.get("url") or v.get("name") or ""
                found.append({"value": str(v), "where": where, "scope": scope})
        elif isinstance(value, (dict, list)):
            # Only the article object's own key counts: a media object's label belongs to the
            # media, and a publisher's or author's to them.
            child_scope = "media" if low in _MEDIA_KEYS else "other"
            _walk_source_types(value, f"{where} {key}", child_scope, found, depth + 1)


def _ld_str(obj: dict, key: str) -> str | None:
    value = obj.get(key) if obj else None
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url") or value.get("name")
    return str(value).strip() if isinstance(value, (str, int, float)) and str(value).strip() else None


def _ld_name(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _title(root, meta, article_ld) -> str | None:
    for candidate in (_ld_str(article_ld, "headline"), meta.get("og:title"),
                      _text_of(root.find(".//h1")), _page_title(root)):
        if candidate:
            return _clean(candidate)
    return None


def _page_title(root) -> str | None:
    el = root.find(".//title")
    if el is None or not el.text:
        return None
    return _TITLE_SUFFIX.sub("", el.text.strip())


def _published_raw(root, meta, article_ld) -> str | None:
    value = _ld_str(article_ld, "datePublished")
    if value:
        return value
    for key in _DATE_META:
        if meta.get(key):
            return meta[key]
    for el in root.iter("time"):
        if el.get("datetime"):
            return el.get("datetime")
    return None


def _to_date(raw: str | None) -> date | None:
    """The calendar date as the page wrote it (its own time zone), or None."""
    if not raw:
        return None
    from dateutil import parser as dateutil_parser  # only pages with a date need it
    raw = raw.strip()
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", raw)
    try:
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return dateutil_parser.parse(raw[:64]).date()
    except (ValueError, OverflowError):
        return None


def _authors(root, meta, article_ld) -> list[str]:
    names: list[str] = []
    author = article_ld.get("author") if article_ld else None
    for item in author if isinstance(author, list) else [author] if author else []:
        name = _ld_name(item) if not isinstance(item, str) else item.strip()
        if name and name not in names:
            names.append(name)
    if not names:
        for key in ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author"):
            value = meta.get(key)
            if value and not value.startswith(("http://", "https://")):
                names.append(value)
                break
    return names


def _text_of(el) -> str | None:
    if el is None:
        return None
    return _clean(el.text_content()) or None


def _clean(text: str) -> str:
    text = _SPACE.sub(" ", text).strip()
    return unicodedata.normalize("NFC", text)


def _hidden(el) -> bool:
    return (el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true"
            or bool(_HIDDEN_STYLE.search(el.get("style") or "")))


def _body_parts(root, title: str | None) -> list[tuple[str, str | None]]:
    body = root.find("body")
    if body is None:
        body = root
    page_footers = [el for el in body.iter("footer") if not _inside(el, "article")]
    for el in list(body.iter()):
        if not isinstance(el.tag, str):  # comments, processing instructions, entities
            el.drop_tree() if el.getparent() is not None else None
            continue
        tag = el.tag.lower()
        if (tag in _DROP or _hidden(el)) and el.getparent() is not None:
            el.drop_tree()
    content = _content_root(body)
    parts: list[tuple[str, str | None]] = []
    if title:
        parts.append((title, "title"))
    _walk(content, None, parts)
    if content is not body:
        for footer in page_footers:
            if not _inside_element(footer, content) and _attached(footer, body):
                _walk(footer, "footer", parts)
    # The h1 repeats the title: one title block is enough.
    if title and len(parts) > 1:
        for i, (text, hint) in enumerate(parts[1:4], start=1):
            if hint == "heading" and text == title:
                del parts[i]
                break
    return [(t, h) for t, h in parts if t]


def _inside(el, tag: str) -> bool:
    parent = el.getparent()
    while parent is not None:
        if isinstance(parent.tag, str) and parent.tag.lower() == tag:
            return True
        parent = parent.getparent()
    return False


def _inside_element(el, ancestor) -> bool:
    while el is not None:
        if el is ancestor:
            return True
        el = el.getparent()
    return False


def _attached(el, body) -> bool:
    return _inside_element(el, body)


def _content_root(body):
    """The element that holds the article: <article>, articleBody, <main>, or the body."""
    candidates = [el for el in body.iter("article")]
    candidates += body.xpath('.//*[@itemprop="articleBody"]')
    if not candidates:
        candidates = body.xpath('.//main|.//*[@role="main"]')
    if not candidates:
        return body
    return max(candidates, key=lambda el: len(el.text_content()))


def _hint_for(el, inherited: str | None) -> str | None:
    tag = el.tag.lower()
    if tag in _HEADINGS:
        return inherited if inherited in ("related", "promo", "footer") else "heading"
    if tag in _HINT_BY_TAG:
        return _HINT_BY_TAG[tag]
    attrs = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("itemprop"),
                                   el.get("rel"), el.get("role")))).lower()
    if attrs:
        for pattern, hint in _CLASS_HINTS:
            if pattern.search(attrs):
                return hint
    return inherited


def _walk(el, inherited: str | None, parts: list[tuple[str, str | None]]) -> None:
    hint = _hint_for(el, inherited)
    buffer: list[str] = [el.text or ""]
    for child in el:
        if not isinstance(child.tag, str):
            buffer.append(child.tail or "")
            continue
        tag = child.tag.lower()
        if tag in _BLOCK:
            _flush(buffer, hint, parts)
            buffer = []
            _walk(child, hint, parts)
            buffer.append(child.tail or "")
        else:
            buffer.append(_inline(child))
            buffer.append(child.tail or "")
    _flush(buffer, hint, parts)


def _inline(el) -> str:
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if tag == "br":
        return _BR
    pieces = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            pieces.append(_inline(child))
        pieces.append(child.tail or "")
    text = "".join(pieces)
    if tag == "q":
        return f"“{text}”"
    return text


def _flush(buffer: list[str], hint: str | None, parts: list[tuple[str, str | None]]) -> None:
    text = _SPACE.sub(" ", "".join(buffer))
    text = "\n".join(line.strip() for line in text.split(_BR) if line.strip())
    if text:
        parts.append((unicodedata.normalize("NFC", text), hint))
