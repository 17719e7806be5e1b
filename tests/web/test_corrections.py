"""Claim-unit corrections through the web: each a plain form (303) and an htmx request
(HX-Redirect), and refusals that keep what was typed."""
import pytest

from factcheck.services import articles, claims
from tests.conftest import csrf_token, login

RAW = ("Port record\n\nThe port handled 1.2 million containers in March, officials said. "
       "Volumes rose 8% on a year earlier. The mayor called it a record.\n").encode()


@pytest.fixture
def article(session, accounts):
    return articles.import_bytes(session, raw=RAW, filename="port.txt", actor=None).article


@pytest.fixture
def token(client, accounts):
    login(client, "checker")
    return csrf_token(client.get("/").get_data(as_text=True))


def _spans(session, article):
    session.expire_all()
    return [(u.start, u.end, u.status) for u in articles.claim_units(session, article.id)]


def test_boundary_not_claim_add_and_restore_from_plain_forms(client, session, article, token):
    first, second, third = articles.claim_units(session, article.id)
    original = _spans(session, article)
    start, end = first.start, first.end

    response = client.post(f"/claims/{first.id}/boundary",
                           data={"csrf_token": token, "version": first.version,
                                 "start": start + 4, "end": end})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/claims/{first.id}")
    moved = claims.get_claim(session, first.id)
    session.refresh(moved)
    assert (moved.start, moved.text) == (start + 4, article.text[start + 4:end])

    response = client.post(f"/claims/{third.id}/not-claim", data={"csrf_token": token, "version": third.version})
    assert response.status_code == 303
    assert _spans(session, article)[2][2] == "not_claim"

    # The four characters the moved boundary left free can become a unit of their own...
    response = client.post(f"/articles/{article.id}/units", data={"csrf_token": token, "quote": "The"})
    assert response.status_code == 422  # "The" occurs twice: refused, quote more or give offsets
    assert "occurs more than once" in response.get_data(as_text=True)
    response = client.post(f"/articles/{article.id}/units",
                           data={"csrf_token": token, "start": start, "end": start + 4})
    assert response.status_code == 303
    added = articles.claim_units(session, article.id)[0]
    assert (added.start, added.end, added.origin) == (start, start + 3, "manual")
    assert response.headers["Location"].endswith(f"/claims/{added.id}")
    # ...but a span over another unit is refused, and the article page says why.
    response = client.post(f"/articles/{article.id}/units", data={"csrf_token": token, "quote": "Volumes rose"})
    assert response.status_code == 422
    assert "overlaps claim unit" in response.get_data(as_text=True)

    response = client.post(f"/articles/{article.id}/restore", data={"csrf_token": token})
    assert response.status_code == 303
    assert _spans(session, article) == original


def test_split_over_htmx_answers_with_a_redirect_to_the_first_part(client, session, article, token):
    first = articles.claim_units(session, article.id)[0]
    response = client.post(f"/claims/{first.id}/split",
                           headers={"HX-Request": "true", "X-CSRFToken": token},
                           data={"version": first.version, "before": "officials said"})
    assert response.status_code == 200
    parts = articles.claim_units(session, article.id)[:2]
    assert response.headers["HX-Redirect"].endswith(f"/claims/{parts[0].id}")
    assert [p.text for p in parts] == ["The port handled 1.2 million containers in March,", "officials said."]


def test_a_refused_correction_says_why_and_keeps_the_typed_words(client, session, article, token):
    first = articles.claim_units(session, article.id)[0]
    response = client.post(f"/claims/{first.id}/split",
                           headers={"HX-Request": "true", "X-CSRFToken": token},
                           data={"version": first.version, "before": "words that are not there"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "is not inside this claim" in html
    assert 'value="words that are not there"' in html
    response = client.post(f"/claims/{first.id}/boundary",
                           headers={"HX-Request": "true", "X-CSRFToken": token},
                           data={"version": first.version, "start": first.start, "end": len(article.text) + 5})
    assert response.status_code == 422
    assert "inside the text" in response.get_data(as_text=True)
