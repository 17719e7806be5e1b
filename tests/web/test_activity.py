import re

from sqlalchemy import event

from factcheck.services import articles, audit
from tests.conftest import login

ARTICLE = (b"Port volumes hit a record\n\nThe port handled 1.2 million containers in March. "
           b"That is 8% more than a year earlier, officials said.\n")


def _article(session, actor=None):
    article = articles.import_bytes(session, raw=ARTICLE, filename="port.txt", actor=actor).article
    return article, articles.claim_units(session, article.id)


def _verdicts(session, actor, article, claim, n, rating="mostly_false"):
    for _ in range(n):
        audit.record(session, actor=actor, entity="verdict", entity_id=None, action="verdict",
                     article_id=article.id, after={"claim_id": claim.id, "rating": rating, "sources": 2})
    session.commit()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_the_article_activity_page_reads_in_plain_words(client, session, accounts):
    article, claims = _article(session, actor=accounts["editor"])
    _verdicts(session, accounts["fact-checker"], article, claims[0], 1)
    login(client, "checker")
    response = client.get(f"/articles/{article.id}/activity")
    assert response.status_code == 200
    text = _text(response.get_data(as_text=True))
    imported = article.created_at.strftime("%H:%M")
    assert f"editor imported the article at {imported}" in text
    assert re.search(r"checker recorded Mostly false with 2 sources on the claim “The port handled 1\.2 "
                     r"million containers in March\.” at \d\d:\d\d", text)
    assert article.created_at.strftime("%B %Y") in text and "Times are UTC" in text


def test_the_claim_activity_page_shows_only_that_claim(client, session, accounts):
    article, claims = _article(session)
    _verdicts(session, accounts["fact-checker"], article, claims[0], 1, rating="false")
    _verdicts(session, accounts["editor"], article, claims[1], 1, rating="true")
    login(client, "checker")
    text = _text(client.get(f"/claims/{claims[0].id}/activity").get_data(as_text=True))
    assert "checker recorded False with 2 sources at" in text
    assert "recorded True" not in text
    assert "The port handled 1.2 million containers in March." in text  # the claim is quoted on top


def test_activity_text_from_users_is_escaped(client, session, accounts):
    article, claims = _article(session)
    audit.record(session, actor=accounts["editor"], entity="comment", entity_id=1, action="comment",
                 article_id=article.id, after={"claim_id": claims[0].id, "body": "<script>alert(1)</script>"})
    session.commit()
    login(client, "checker")
    html = client.get(f"/claims/{claims[0].id}/activity").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_missing_articles_and_claims_are_404(client, accounts):
    login(client, "checker")
    assert client.get("/articles/99999/activity").status_code == 404
    assert client.get("/claims/99999/activity").status_code == 404


def _queries(app, client, path) -> int:
    count = 0

    def seen(*_args):
        nonlocal count
        count += 1

    engine = app.extensions["engine"]
    event.listen(engine, "before_cursor_execute", seen)
    try:
        response = client.get(path)
        assert response.status_code == 200
        response.close()
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    return count


def test_activity_pages_use_the_same_few_queries_for_3_or_30_events(app, client, session, accounts):
    article, claims = _article(session, actor=accounts["editor"])
    login(client, "checker")
    _verdicts(session, accounts["fact-checker"], article, claims[0], 2)
    few = (_queries(app, client, f"/articles/{article.id}/activity"),
           _queries(app, client, f"/claims/{claims[0].id}/activity"))
    for actor in ("fact-checker", "editor", "admin"):
        _verdicts(session, accounts[actor], article, claims[0], 9)
    many = (_queries(app, client, f"/articles/{article.id}/activity"),
            _queries(app, client, f"/claims/{claims[0].id}/activity"))
    assert few == many
    assert many[0] <= 3  # the user, the article's title, the events with their actors
