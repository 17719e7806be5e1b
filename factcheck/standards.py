"""Standard formats: schema.org ClaimReview and W3C Web Annotation. Plain dicts, no Flask."""
from __future__ import annotations

from datetime import datetime
from typing import Any

# PRODUCT.md: each rating maps to a ClaimReview reviewRating; ratingValue only where the
# rating sits on the true..false scale, alternateName always.
RATING_VALUES = {"true": 5, "mostly_true": 4, "mixed": 3, "mostly_false": 2, "false": 1}
QUOTE_CONTEXT = 32


def rating_label(rating: str) -> str:
    return rating.replace("_", " ").capitalize()


def review_rating(rating: str) -> dict[str, Any]:
    body: dict[str, Any] = {"@type": "Rating", "alternateName": rating_label(rating),
                            "bestRating": 5, "worstRating": 1}
    if rating in RATING_VALUES:
        body["ratingValue"] = RATING_VALUES[rating]
    return body


def _iso(value) -> str | None:
    if value is None:
        return None
    return value.isoformat() if not isinstance(value, datetime) else value.date().isoformat()


def claim_review(*, url: str, claim_text: str, rating: str, published: datetime, publisher: str,
                 publisher_url: str, article_url: str | None, article_title: str,
                 article_outlet: str | None, article_published, reviewer: str | None = None) -> dict[str, Any]:
    """One ClaimReview with Google's required fields and the recommended ones."""
    appearance = {"@type": "CreativeWork", "headline": article_title}
    if article_url:
        appearance["url"] = article_url
    item: dict[str, Any] = {"@type": "Claim", "appearance": appearance,
                            "author": {"@type": "Organization", "name": article_outlet or "Unknown outlet"}}
    if article_published:
        item["datePublished"] = _iso(article_published)
    review: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "ClaimReview", "url": url,
        "claimReviewed": claim_text, "reviewRating": review_rating(rating), "itemReviewed": item,
        "author": {"@type": "Organization", "name": publisher, "url": publisher_url},
        "datePublished": _iso(published),
    }
    if reviewer:
        review["author"]["member"] = {"@type": "Person", "name": reviewer}
    return review


def web_annotation(*, id: str, text: str, start: int, end: int, rating: str, rationale: str,
                   created: datetime, creator: str, source: str) -> dict[str, Any]:
    """A W3C Web Annotation of one claim: quote and position selectors, rating and rationale."""
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": id, "type": "Annotation", "motivation": "assessing",
        "created": created.isoformat(), "creator": {"type": "Person", "nickname": creator},
        "body": [
            {"type": "TextualBody", "purpose": "assessing", "value": rating_label(rating), "format": "text/plain",
             "factcheck:rating": rating},
            {"type": "TextualBody", "purpose": "commenting", "value": rationale, "format": "text/html"},
        ],
        "target": {"source": source, "selector": [
            {"type": "TextQuoteSelector", "exact": text[start:end],
             "prefix": text[max(0, start - QUOTE_CONTEXT):start], "suffix": text[end:end + QUOTE_CONTEXT]},
            {"type": "TextPositionSelector", "start": start, "end": end},
        ]},
    }
