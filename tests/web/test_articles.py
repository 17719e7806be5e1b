import re

from sqlalchemy import event

from factcheck.services import articles
from tests.conftest import login

ARTICLE = ("Port volumes hit a record\n\nThe port handled 1.2 million containers in March. "
           "That is 8% more than a year earlier, officials said.\n\n"
           "Harbour <script>alert(1)</script> works continue.\n").encode()


def _import(session, raw=ARTICLE, name="port.txt"):
    return articles.import_bytes(session, raw=raw, filename=name, actor=None).article


def test_article_page_marks_every_claim_unit_with_exact_offsets(client, session, accounts):
    article = _import(session)
    login(client, "checker")
    html = client.get(f"/articles/{article.id}").get_data(as_text=True)
    claims = articles.claim_units(session, article.id)
    marked = re.findall(r'data-claim-id="(\d+)" data-start="(\d+)"\s+data-end="(\d+)"', html)
    assert len(marked) == len(claims) > 0
    for claim_id, start, end in marked:
        claim = next(c for c in claims if c.id == int(claim_id))
        assert (claim.start, claim.end) == (int(start), int(end))
        assert article.text[int(start):int(end)] == claim.text


def test_article_text_is_escaped(client, session, accounts):
    article = _import(session)
    login(client, "checker")
    html = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_missing_article_is_404(client, accounts):
    login(client, "checker")
    assert client.get("/articles/999999").status_code == 404


def test_list_shows_articles_with_progress_and_searches(client, session, accounts):
    _import(session)
    _import(session, raw=b"Budget vote delayed\n\nThe council delayed the vote to May 3.\n", name="b.txt")
    login(client, "checker")
    html = client.get("/").get_data(as_text=True)
    assert "Port volumes hit a record" in html and "Budget vote delayed" in html
    assert re.search(r"0/\d+", html)
    found = client.get("/?q=council").get_data(as_text=True)
    assert "Budget vote delayed" in found and "Port volumes" not in found


def test_list_search_is_a_partial_for_htmx(client, session, accounts):
    _import(session)
    login(client, "checker")
    partial = client.get("/?q=port", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert partial.lstrip().startswith('<section id="article-table"')
    assert "<html" not in partial


def test_article_list_query_count_does_not_grow_with_articles(client, session, app, accounts):
    login(client, "checker")
    engine = app.extensions["engine"]

    def count_queries():
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get("/").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(statements)

    _import(session)
    few = count_queries()
    for n in range(6):
        _import(session, raw=f"Story {n}\n\nThe council met {n} times. It voted.\n".encode(), name=f"{n}.txt")
    assert count_queries() == few


def test_ai_evidence_is_highlighted_in_place(client, session, accounts):
    from factcheck.paths import resource_dir

    raw = (resource_dir("data") / "aggregator-ai-disclosed.txt").read_bytes()
    article = articles.import_bytes(session, raw=raw, filename="aggregator-ai-disclosed.txt", actor=None).article
    assert article.ai_level == "disclosed"
    login(client, "checker")
    html = client.get(f"/articles/{article.id}").get_data(as_text=True)
    marked = re.findall(r'<mark class="ai-evidence ai-evidence-disclosure"[^>]*>([^<]+)</mark>', html)
    assert marked and "AI-generated" in " ".join(marked)
    assert "AI level: <strong>disclosed</strong>" in html
    assert "boilerplate-related" in html  # related links shown dimmed, not as claims
