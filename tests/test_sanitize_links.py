"""Stored rationales link only to http and https, whatever linkify would make a link of."""
import json
import re

import pytest

from factcheck.sanitize import clean_rich_text
from factcheck.services import articles, claim_exports, claims

RAW = b"Port record\n\nThe port handled 1.2 million containers in March, officials said.\n"


def _hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


@pytest.mark.parametrize("typed", ["ftp://evil.com/x", "mailto:a@b.com", "see data:evil.com",
                                   "irc://evil.com/chan", "FTP://evil.com/x", "sftp://evil.com/x"])
def test_other_schemes_stay_plain_text_beside_http_links(typed):
    cleaned = clean_rich_text(f"{typed}, then https://ok.org/a, ok.org and <a href=\"http://ok.org/b\">b</a>")
    assert _hrefs(cleaned) == ["https://ok.org/a", "http://ok.org", "http://ok.org/b"], cleaned
    assert typed in cleaned and cleaned.count('rel="nofollow noopener noreferrer"') == 3
    assert clean_rich_text(cleaned) == cleaned


def test_the_web_annotation_export_carries_only_http_links(session, accounts):
    article = articles.import_bytes(session, raw=RAW, filename="port.txt", actor=None).article
    unit = articles.claim_units(session, article.id)[0]
    claims.record_verdict(session, claim_id=unit.id, rating="false", author=accounts["editor"],
                          rationale="ftp://evil.com/x, mailto:a@b.com, see data:evil.com and https://ok.org/r")
    export = claim_exports.export_annotations(session, actor=accounts["editor"], via="test",
                                              base_url="https://factcheck.example")
    document = json.loads("".join(export.chunks))
    rationale = document["first"]["items"][0]["body"][1]["value"]
    assert _hrefs(rationale) == ["https://ok.org/r"], rationale
    assert "ftp://evil.com/x" in rationale and "mailto:a@b.com" in rationale  # kept as text
