import pytest
from sqlmodel import select

from factcheck.models import AuditEvent, Source, Verdict
from factcheck.services import articles, audit, claims

RAW = ("Port record\n\nThe port handled 1.2 million containers in March, officials said. "
       "Volumes rose 8% on a year earlier.\n").encode()


@pytest.fixture
def claim(session):
    article = articles.import_bytes(session, raw=RAW, filename="port.txt", actor=None).article
    return articles.claim_units(session, article.id)[0]


def test_a_new_verdict_supersedes_and_keeps_the_old(session, accounts, claim):
    checker, editor = accounts["fact-checker"], accounts["editor"]
    claims.record_verdict(session, claim_id=claim.id, rating="mostly_true", rationale="First look", author=checker)
    claims.record_verdict(session, claim_id=claim.id, rating="false", rationale="<b>Wrong</b> figure", author=editor)
    panel = claims.panel(session, claim.id)
    assert [v.rating for v, _ in panel.verdicts] == ["false", "mostly_true"]
    assert panel.verdict.rating == "false"
    assert panel.claim.status == "done"
    assert len(session.exec(select(Verdict)).all()) == 2


def test_rationale_is_sanitized_on_the_way_in(session, accounts, claim):
    verdict = claims.record_verdict(
        session, claim_id=claim.id, rating="false", author=accounts["editor"],
        rationale='<b>ok</b> <script>alert(1)</script><a href="javascript:alert(1)">x</a>'
                  '<img src=x onerror=alert(1)><a href="https://stats.example/t">table</a>')
    assert "<script" not in verdict.rationale and "onerror" not in verdict.rationale
    assert "javascript:" not in verdict.rationale
    assert "<b>ok</b>" in verdict.rationale
    assert 'href="https://stats.example/t"' in verdict.rationale


def test_saving_over_a_newer_version_is_a_conflict_and_writes_nothing(session, accounts, claim):
    start = claim.version
    claims.record_verdict(session, claim_id=claim.id, rating="true", rationale="", author=accounts["editor"],
                          version=start)
    with pytest.raises(claims.Conflict) as caught:
        claims.record_verdict(session, claim_id=claim.id, rating="false", rationale="mine",
                              author=accounts["fact-checker"], version=start)
    assert caught.value.claim.version == start + 1
    assert [v.rating for v in session.exec(select(Verdict)).all()] == ["true"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://x.example/a",
                                 "JaVaScRiPt:alert(1)", " ", "http://user:pw@host.example/"])
def test_sources_accept_only_http_and_https(session, accounts, claim, url):
    with pytest.raises(claims.ClaimError):
        claims.add_source(session, claim_id=claim.id, actor=accounts["fact-checker"], url=url, stance="supports")
    assert session.exec(select(Source)).all() == []


def test_source_urls_are_normalized_and_removal_is_recorded(session, accounts, claim):
    source = claims.add_source(session, claim_id=claim.id, actor=accounts["fact-checker"],
                               url="HTTPS://Stats.Example:443/port?q=1#frag", stance="refutes",
                               title="Port statistics", publisher="Port Authority")
    assert source.url == "https://stats.example/port?q=1"
    claims.remove_source(session, claim_id=claim.id, source_id=source.id, actor=accounts["editor"])
    assert claims.panel(session, claim.id).sources == []
    assert session.get(Source, source.id).removed_at is not None
    actions = [e.action for e in session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()]
    assert actions[-2:] == ["source_add", "source_remove"]
    assert audit.verify(session)[1] is None


def test_assign_and_comment_are_audited(session, accounts, claim):
    claims.assign(session, claim_id=claim.id, assignee_id=accounts["fact-checker"].id, actor=accounts["editor"])
    claims.add_comment(session, claim_id=claim.id, body="Check the March release", actor=accounts["fact-checker"])
    panel = claims.panel(session, claim.id)
    assert panel.assignee.username == "checker"
    assert [c.body for c, _ in panel.comments] == ["Check the March release"]
    with pytest.raises(claims.ClaimError):
        claims.add_comment(session, claim_id=claim.id, body="   ", actor=accounts["editor"])


def test_a_double_submitted_comment_is_stored_once(session, accounts, claim):
    first = claims.add_comment(session, claim_id=claim.id, body="Same words", actor=accounts["editor"])
    second = claims.add_comment(session, claim_id=claim.id, body="Same words", actor=accounts["editor"])
    assert first.id == second.id
    assert len(claims.panel(session, claim.id).comments) == 1
    claims.add_comment(session, claim_id=claim.id, body="Same words", actor=accounts["fact-checker"])
    assert len(claims.panel(session, claim.id).comments) == 2


def test_two_imports_of_the_same_file_at_once_make_one_article(engine, accounts):
    import threading

    from sqlmodel import Session

    from factcheck.models import Article

    raw = b"Race\n\nTwo desks imported this at the same moment, officials said.\n"
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        with Session(engine, expire_on_commit=False) as own:
            barrier.wait()
            try:
                results.append(articles.import_bytes(own, raw=raw, filename="race.txt", actor=None))
            except Exception as exc:  # noqa: BLE001 - the test reports whatever went wrong
                errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert len({r.article.id for r in results}) == 1
    assert sorted(r.created for r in results) == [False, True]
    with Session(engine) as check:
        assert len(check.exec(select(Article)).all()) == 1
        assert audit.verify(check)[1] is None
