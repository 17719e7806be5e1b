"""Each partial htmx gets back is the very markup its full page includes (STYLE.md habit 6)."""
import re

import pytest

from factcheck.services import articles
from tests.conftest import login

RAW = ("Port record\n\nThe port handled 1.2 million containers in March, officials said. "
       "Volumes rose 8% on a year earlier.\n").encode()
# Form tokens are signed per request; everything else must match byte for byte.
TOKEN = re.compile(r'(name="csrf_token" value=|name="csrf-token" content=)"[^"]+"')


@pytest.fixture
def article(session, accounts):
    return articles.import_bytes(session, raw=RAW, filename="port.txt", actor=None).article


def _element(html: str, root: str) -> str:
    """The element whose start tag opens with `root`, up to its matching end tag."""
    start = html.index(root)
    tag = re.match(r"<(\w+)", root).group(1)
    depth = 0
    for m in re.compile(rf"<(/?){tag}\b[^>]*>").finditer(html, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return html[start:m.end()]
    raise AssertionError(f"{root} is not closed")


PARTIALS = [
    # (who, url, root of the partial)
    ("checker", "/?q=port", '<section id="article-table"'),
    ("checker", "/claims/{claim}", '<section id="claim-panel"'),
    ("editor", "/report", '<section id="follow-up"'),
    ("editor", "/exports?from=2026-01-01", '<section id="export-preview"'),
]


@pytest.mark.parametrize("who, url, root", PARTIALS, ids=[p[1] for p in PARTIALS])
def test_partial_is_what_the_full_page_includes(client, session, article, who, url, root):
    login(client, who)
    url = url.format(claim=articles.claim_units(session, article.id)[0].id)
    partial = client.get(url, headers={"HX-Request": "true"})
    page = client.get(url)
    assert partial.status_code == page.status_code == 200
    partial_html, page_html = partial.get_data(as_text=True), page.get_data(as_text=True)
    assert partial_html.lstrip().startswith(root) and "<html" not in partial_html
    assert "<html" in page_html
    assert TOKEN.sub("TOKEN", _element(partial_html, root)) == TOKEN.sub("TOKEN", _element(page_html, root))
