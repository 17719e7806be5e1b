"""URLs read from a page's metadata pass the source-URL check before they are stored or shown."""
import io
import json
import re

from sqlmodel import select

from factcheck.models import Article
from factcheck.services import articles, claims, publish
from tests.conftest import csrf_token, login

PAGE = (b"<html><head><title>Port traffic</title><link rel=canonical href=\"javascript:alert(1)\">"
        b"<meta property=og:site_name content=\"Harbour Ledger\"></head><body><article><h1>Port traffic</h1>"
        b"<p>The port handled 1.2 million containers in March, officials said.</p></article></body></html>")


def test_a_javascript_canonical_link_never_reaches_the_pages_or_the_claimreview(client, session, accounts):
    login(client, "editor")
    token = csrf_token(client.get("/import").get_data(as_text=True))
    response = client.post("/import", data={"csrf_token": token, "files": [(io.BytesIO(PAGE), "port.html")]},
                           content_type="multipart/form-data", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "1 imported" in html
    assert re.search(r"Note: the URL in the page&#39;s metadata, “javascript:alert\(1\)”, was not kept: "
                     r"only http and https", html), html
    article = session.exec(select(Article)).one()
    assert article.url is None
    assert "was not kept" in client.get(f"/articles/{article.id}").get_data(as_text=True)

    unit = articles.claim_units(session, article.id)[0]
    verdict = claims.record_verdict(session, claim_id=unit.id, rating="true", rationale="", author=accounts["editor"])
    publication = publish.approve(session, claim_id=unit.id, verdict_id=verdict.id, editor=accounts["editor"])
    public = client.get(f"/fact-checks/{publication.id}").get_data(as_text=True)
    assert "javascript" not in public.lower()
    embedded = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', public, re.S).group(1))
    assert "url" not in embedded["itemReviewed"]["appearance"]
    export = json.loads(client.get("/exports/claimreview.json").get_data(as_text=True))
    assert len(export) == 1 and "url" not in export[0]["itemReviewed"]["appearance"]
    assert "javascript" not in json.dumps(export).lower()


def test_an_origin_added_without_a_url_keeps_only_a_checked_metadata_url(client, session, accounts):
    article = articles.import_bytes(session, raw=b"Port story\n\nThe port handled 1.2 million containers.\n",
                                    filename="story.txt", actor=None).article
    login(client, "checker")
    token = csrf_token(client.get(f"/articles/{article.id}").get_data(as_text=True))
    response = client.post(f"/articles/{article.id}/origins", data={"csrf_token": token,
                                                                   "file": (io.BytesIO(PAGE), "origin.html")},
                           content_type="multipart/form-data")
    assert response.status_code == 303
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "Added “Port traffic” as an origin" in page and "was not kept: only http and https" in page
    assert "javascript:alert" not in page.split('id="provenance"')[1].split("</ul>")[0]


def test_a_javascript_url_that_reached_the_database_another_way_is_never_a_link(client, session, accounts):
    """Stored URLs pass the check on the way in; one written by an older version, a restored
    backup or a hand-edited row is still shown as text only."""
    from sqlalchemy import text
    from factcheck.models import Source

    article = articles.import_bytes(session, raw=b"Port story\n\nThe port handled 1.2 million containers.\n",
                                    filename="story.txt", actor=None).article
    unit = articles.claim_units(session, article.id)[0]
    source = claims.add_source(session, claim_id=unit.id, actor=accounts["editor"], url="https://ledger.example/a",
                               title="Ledger report", archive_url="https://archive.example/a", stance="supports")
    session.commit()
    session.execute(text("UPDATE source SET url = :u, archive_url = :a WHERE id = :i"),
                    {"u": "JaVaScRiPt:alert(document.domain)", "a": "javascript:alert(2)", "i": source.id})
    session.commit()
    session.expire_all()
    assert session.get(Source, source.id).url.startswith("JaVaScRiPt")

    verdict = claims.record_verdict(session, claim_id=unit.id, rating="true", rationale="", author=accounts["editor"])
    publication = publish.approve(session, claim_id=unit.id, verdict_id=verdict.id, editor=accounts["editor"])
    login(client, "editor")
    panel = client.get(f"/claims/{unit.id}").get_data(as_text=True)
    public = client.get(f"/fact-checks/{publication.id}").get_data(as_text=True)
    for page in (panel, public):
        assert "Ledger report" in page
        hrefs = re.findall(r'href="([^"]*)"', page)
        assert hrefs and not [h for h in hrefs if "script" in h.lower()], hrefs
    assert "not an http or https link" in panel and "JaVaScRiPt:alert(document.domain)" in panel
