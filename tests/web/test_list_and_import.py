import io
import re
from datetime import date

import pytest

from factcheck.services import articles, claims
from tests.conftest import csrf_token, login


def _add(session, title, body, **kwargs):
    raw = f"{title}\n\n{body}\n".encode()
    return articles.import_bytes(session, raw=raw, filename=f"{title}.txt", actor=None, **kwargs).article


@pytest.fixture
def three(session, accounts):
    a = _add(session, "Alpha budget", "The council approved $4 million. It met on Monday.",
             published=date(2026, 1, 5), outlet="Gazette")
    b = _add(session, "Beta port", "The port handled 1.2 million containers. Volumes rose 8%.",
             published=date(2026, 2, 5), outlet="Courier")
    c = _add(session, "Gamma school", "Enrolment fell 3% in 2025. The district said so.",
             published=date(2026, 3, 5), outlet="Gazette")
    first = articles.claim_units(session, b.id)[0]
    claims.record_verdict(session, claim_id=first.id, rating="true", rationale="", author=accounts["editor"])
    claims.assign(session, claim_id=articles.claim_units(session, c.id)[0].id,
                  assignee_id=accounts["fact-checker"].id, actor=accounts["editor"])
    return a, b, c


def _titles(client, query):
    html = client.get("/?" + query).get_data(as_text=True)
    return re.findall(r'<a href="/articles/\d+" data-nav>([^<]+)</a>', html)


def test_filters_and_sorts(client, three, accounts):
    login(client, "checker")
    assert _titles(client, "") == ["Gamma school", "Beta port", "Alpha budget"]
    assert _titles(client, "sort=oldest") == ["Alpha budget", "Beta port", "Gamma school"]
    assert _titles(client, "sort=title") == ["Alpha budget", "Beta port", "Gamma school"]
    assert _titles(client, "outlet=Gazette") == ["Gamma school", "Alpha budget"]
    assert _titles(client, "status=in_progress") == ["Beta port"]
    assert _titles(client, "status=unchecked") == ["Gamma school", "Alpha budget"]
    assert _titles(client, f"assignee={accounts['fact-checker'].id}") == ["Gamma school"]
    assert _titles(client, "from=2026-02-01&to=2026-02-28") == ["Beta port"]
    assert _titles(client, "q=containers") == ["Beta port"]
    assert _titles(client, "q=%25") == ["Gamma school", "Beta port"]  # a literal percent sign
    assert _titles(client, "q=8%25") == ["Beta port"]
    assert _titles(client, "q=_") == []  # not a wildcard
    assert _titles(client, "ai=none&sort=progress")[-1] == "Beta port"


def test_pagination_keeps_the_filters(client, session, app, accounts):
    app.config["ARTICLES_PER_PAGE"] = 2
    for n in range(5):
        _add(session, f"Story {n}", f"The council met {n} times.", outlet="Gazette")
    login(client, "checker")
    html = client.get("/?outlet=Gazette").get_data(as_text=True)
    assert "Page 1 of 3" in html
    assert re.search(r'href="/\?page=2&amp;outlet=Gazette"|href="/\?outlet=Gazette&amp;page=2"', html)


def test_browser_import_reports_each_file_and_imports_the_good_ones(client, accounts):
    login(client, "checker")
    token = csrf_token(client.get("/import").get_data(as_text=True))
    files = [(io.BytesIO(f"Good {n}\n\nThe council approved ${n} million.\n".encode()), f"good{n}.txt") for n in range(3)]
    files.append((io.BytesIO(b""), "empty.txt"))
    files.append((io.BytesIO(b"\x00\x01\x02binary"), "blob.txt"))
    files.append((io.BytesIO(b"Good 0\n\nThe council approved $0 million.\n"), "again.txt"))
    response = client.post("/import", data={"csrf_token": token, "files": files}, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "3 imported" in html and "1 already there" in html and "2 refused" in html
    assert "empty.txt</strong>:" in html and "binary" in html
    assert len(_titles(client, "")) == 3


def test_pasted_text_imports_with_its_title(client, accounts):
    login(client, "checker")
    token = csrf_token(client.get("/import").get_data(as_text=True))
    response = client.post("/import", data={"csrf_token": token, "title": "Pasted story",
                                            "text": "The mayor said taxes rose 5% in 2025.", "published": "2026-01-02"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="import-results"')
    assert "imported as" in html and "Pasted story" in html


def test_oversized_upload_gets_a_clear_413(client, app, accounts):
    login(client, "checker")
    token = csrf_token(client.get("/import").get_data(as_text=True))
    app.config["MAX_CONTENT_LENGTH"] = 100 * 1024
    big = io.BytesIO(b"Title\n\n" + b"word " * 40_000)
    response = client.post("/import", data={"csrf_token": token, "files": [(big, "big.txt")]},
                           content_type="multipart/form-data")
    assert response.status_code == 413
    assert "larger than 100 KB" in response.get_data(as_text=True)


def test_ten_files_with_one_broken_import_nine_and_leave_nothing_partial(client, session, accounts):
    from sqlmodel import select

    from factcheck.models import Article, ClaimUnit

    login(client, "checker")
    token = csrf_token(client.get("/import").get_data(as_text=True))
    files = [(io.BytesIO(f"Story {n}\n\nThe council approved ${n + 1} million on day {n}.\n".encode()), f"s{n}.txt")
             for n in range(9)]
    files.insert(4, (io.BytesIO(b"Broken\n\n\x81\x8d\x90\xc3 bytes no encoding reads"), "broken.txt"))
    html = client.post("/import", data={"csrf_token": token, "files": files},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "9 imported" in html and "1 refused" in html
    assert re.search(r"broken\.txt</strong>:\s+not imported: The file is not valid UTF-8", html)
    stored = session.exec(select(Article)).all()
    assert len(stored) == 9 and "Broken" not in {a.title for a in stored}
    assert {c.article_id for c in session.exec(select(ClaimUnit)).all()} == {a.id for a in stored}
