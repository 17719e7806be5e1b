"""Typed values longer than their column are refused with the limit named and the form kept;
values read from a file are shortened with a note. Nothing is cut without a word."""
import io

import pytest
from sqlmodel import select

from factcheck.models import Article, OriginDocument, Source
from factcheck.services import articles
from factcheck.urls import metadata_url
from tests.cli.test_cli import run
from tests.conftest import csrf_token, login

RAW = b"Port record\n\nThe port handled 1.2 million containers in March, officials said.\n"
LONG_URL = "https://example.org/" + "a" * 2100
LIMIT = "2,000 characters"  # the URL columns


@pytest.fixture
def article(session, accounts):
    return articles.import_bytes(session, raw=RAW, filename="port.txt", actor=None).article


@pytest.fixture
def token(client, accounts):
    login(client, "checker")
    return csrf_token(client.get("/import").get_data(as_text=True))


@pytest.mark.parametrize("field", ["url", "archive_url"])
def test_an_over_long_source_url_is_refused_with_the_form_kept(client, session, article, token, field):
    claim = articles.claim_units(session, article.id)[0]
    data = {"url": "https://example.org/report", "title": "my careful title", "stance": "supports",
            "version": claim.version, field: LONG_URL}
    response = client.post(f"/claims/{claim.id}/sources", data=data,
                           headers={"HX-Request": "true", "X-CSRFToken": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 422, html[:500]
    assert LIMIT in html and "my careful title" in html
    assert session.exec(select(Source)).first() is None


def test_an_over_long_origin_url_is_refused_with_the_form_kept(client, session, article, token):
    response = client.post(f"/articles/{article.id}/origins", data={
        "csrf_token": token, "title": "Harbour report", "text": "The port handled 1.2 million containers.",
        "url": LONG_URL, "publisher": "Harbour Ledger"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert LIMIT in html and "Harbour Ledger" in html and "The port handled 1.2 million containers." in html
    assert session.exec(select(OriginDocument)).first() is None


def test_an_over_long_url_in_a_page_is_dropped_with_a_note(client, session, token):
    assert metadata_url(LONG_URL)[0] is None and LIMIT in metadata_url(LONG_URL)[1]
    page = (f'<html><head><title>Port</title><link rel=canonical href="{LONG_URL}"></head><body><article>'
            "<h1>Port</h1><p>The port handled 1.2 million containers in March.</p></article></body></html>")
    response = client.post("/import", data={"csrf_token": token, "files": [(io.BytesIO(page.encode()), "port.html")]},
                           content_type="multipart/form-data", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "1 imported" in html and LIMIT in html
    assert session.exec(select(Article)).one().url is None


@pytest.mark.parametrize("field, value, message", [
    ("title", "T" * 600, "the title is longer than 500 characters"),
    ("outlet", "O" * 250, "the outlet is longer than 200 characters"),
])
def test_an_over_long_typed_import_field_is_refused_and_kept(client, session, token, field, value, message):
    data = {"csrf_token": token, "title": "Port record", "text": "The port handled 1.2 million containers.",
            "outlet": "Harbour Ledger", field: value}
    response = client.post("/import", data=data, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html
    assert f'value="{value}"' in html  # the full page, with what was typed
    assert session.exec(select(Article)).first() is None


def test_a_page_title_over_its_column_is_shortened_with_a_note(client, session, token):
    title = "Port " + "x" * 600
    page = (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            "<p>The port handled 1.2 million containers in March.</p></article></body></html>")
    response = client.post("/import", data={"csrf_token": token, "files": [(io.BytesIO(page.encode()), "port.html")]},
                           content_type="multipart/form-data", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "1 imported" in html
    assert "the title has 605 characters; the first 500 are kept as the article&#39;s title" in html
    article = session.exec(select(Article)).one()
    assert article.title == title[:500] and title in article.text


def test_a_file_name_over_its_column_is_shortened_with_a_note(client, session, token):
    name = "port-" + "x" * 600 + ".txt"
    response = client.post("/import", data={"csrf_token": token, "files": [(io.BytesIO(RAW), name)]},
                           content_type="multipart/form-data", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "1 imported" in html
    assert ("the file name has 609 characters; it is kept as the article&#39;s filename shortened to 500, "
            "with its extension") in html
    assert session.exec(select(Article)).one().filename == name[:496] + ".txt"


def test_the_command_line_refuses_an_over_long_outlet_in_the_same_words(database_url, tmp_path, session):
    path = tmp_path / "port.txt"
    path.write_bytes(RAW)
    result = run(["import", str(path), "--outlet", "O" * 250],
                 {"DATABASE_URL": database_url, "FACTCHECK_INSTANCE": str(tmp_path / "instance")})
    assert result.returncode == 1
    assert f"error: {path}: the outlet is longer than 200 characters" in result.stderr
    assert session.exec(select(Article)).first() is None


def test_a_typed_title_without_pasted_text_is_refused_not_dropped(client, session, token):
    response = client.post("/import", data={"csrf_token": token, "title": "Harbour <b>figures</b>",
                                            "files": [(io.BytesIO(RAW), "port.txt")]},
                           content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "a title goes with pasted text" in html
    assert 'value="Harbour &lt;b&gt;figures&lt;/b&gt;"' in html  # kept, escaped
    assert session.exec(select(Article)).all() == []
