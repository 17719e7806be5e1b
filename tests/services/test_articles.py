
import pytest
from sqlmodel import select

from factcheck.analysis import InputError
from factcheck.models import Article, AuditEvent, ClaimUnit
from factcheck.services import articles

TEXT = ("Harbour traffic rose in March\n\nThe port handled 1.2 million containers in March, "
        "up 8% on a year earlier. Officials said the figure was a record.\n\n"
        "Dr. Lee expects growth to slow.\n").encode()


def test_import_stores_raw_bytes_hash_and_exact_claim_offsets(session, accounts):
    result = articles.import_bytes(session, raw=TEXT, filename="port.txt", actor=accounts["fact-checker"])
    assert result.created
    article = session.get(Article, result.article.id)
    assert article.raw == TEXT
    assert len(article.sha256) == 64
    assert article.title == "Harbour traffic rose in March"
    claims = articles.claim_units(session, article.id)
    assert len(claims) >= 3
    for position, claim in enumerate(claims):
        assert article.text[claim.start:claim.end] == claim.text
        assert claim.position == position
    assert any("1.2 million" in c.text for c in claims)


def test_importing_the_same_bytes_twice_finds_the_existing_article(session, accounts):
    first = articles.import_bytes(session, raw=TEXT, filename="a.txt", actor=None)
    second = articles.import_bytes(session, raw=TEXT, filename="renamed.txt", actor=None)
    assert not second.created
    assert second.article.id == first.article.id
    assert len(session.exec(select(Article)).all()) == 1
    count = len(session.exec(select(ClaimUnit)).all())
    assert count == len(articles.claim_units(session, first.article.id))


def test_import_writes_one_audit_event_in_the_same_transaction(session, accounts):
    before = len(session.exec(select(AuditEvent)).all())
    result = articles.import_bytes(session, raw=TEXT, filename="a.txt", actor=accounts["editor"])
    events = session.exec(select(AuditEvent).where(AuditEvent.entity == "article")).all()
    assert len(session.exec(select(AuditEvent)).all()) == before + 1
    assert events[-1].entity_id == result.article.id
    assert events[-1].actor_id == accounts["editor"].id
    assert events[-1].action == "import"


@pytest.mark.parametrize("raw, filename, message", [
    (b"", "empty.txt", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.txt", "binary"),
    (b"Title\n\nBytes \x81\x8d\x90\xc3 that no accepted encoding reads", "broken.txt", "UTF-8"),
    (b"Title\n\nBody.", "notes.pdf", "cannot be imported"),
])
def test_bad_input_is_refused_and_stores_nothing(session, raw, filename, message):
    with pytest.raises(InputError, match=message):
        articles.import_bytes(session, raw=raw, filename=filename, actor=None)
    session.rollback()
    assert session.exec(select(Article)).all() == []
    assert session.exec(select(ClaimUnit)).all() == []


def test_import_path_names_missing_files_and_directories(session, tmp_path):
    with pytest.raises(InputError, match="no such file"):
        articles.import_path(session, tmp_path / "nope.txt", actor=None)
    with pytest.raises(InputError, match="directory"):
        articles.import_path(session, tmp_path, actor=None)


def test_timestamps_come_back_utc_aware(session):
    result = articles.import_bytes(session, raw=TEXT, filename="a.txt", actor=None)
    session.expire_all()
    article = session.get(Article, result.article.id)
    assert article.created_at.tzinfo is not None
    assert article.created_at.utcoffset().total_seconds() == 0


def test_windows_1252_text_is_detected_and_stored_as_text(session):
    raw = "Café owners protest\n\nThe café on Rue Saint-Denis closed on Monday, its owner said.\n".encode("cp1252")
    result = articles.import_bytes(session, raw=raw, filename="cafe.txt", actor=None)
    assert result.article.title == "Café owners protest"
    assert result.article.raw == raw


HOSTILE_CANONICAL = (b"<html><head><title>Port traffic</title>"
                     b"<link rel=canonical href=\"javascript:alert(1)\"></head><body><article><h1>Port traffic</h1>"
                     b"<p>The port handled 1.2 million containers in March, officials said.</p></article></body></html>")


def test_a_javascript_canonical_link_is_dropped_with_a_note_and_the_article_imported(session):
    result = articles.import_bytes(session, raw=HOSTILE_CANONICAL, filename="port.html", actor=None)
    article = session.get(Article, result.article.id)
    assert result.created and article.url is None and article.meta["url"] is None
    assert "javascript" not in str(article.meta["url"])
    assert len(result.notes) == 1 and "only http and https" in result.notes[0]
    assert article.meta["notes"] == result.notes
    assert articles.claim_units(session, article.id)


def test_metadata_urls_are_normalized_and_a_given_url_is_checked(session):
    page = HOSTILE_CANONICAL.replace(b"javascript:alert(1)", b"HTTPS://Port.Example:443/story#top")
    article = articles.import_bytes(session, raw=page, filename="port.html", actor=None).article
    assert article.url == "https://port.example/story" and article.meta["url"] == article.url
    with pytest.raises(InputError, match="only http and https"):
        articles.import_bytes(session, raw=TEXT, filename="port.txt", actor=None, url="data:text/html,x")
    assert session.exec(select(Article).where(Article.filename == "port.txt")).first() is None


def test_metadata_longer_than_its_column_is_cut_not_refused(session):
    page = (b"<html><head><title>Port</title><meta name=author content=\"" + b"A" * 400 + b"\">"
            b"<meta property=og:site_name content=\"" + b"O" * 250 + b"\"></head><body><article><h1>Port</h1>"
            b"<p>The port handled 1.2 million containers in March.</p></article></body></html>")
    article = articles.import_bytes(session, raw=page, filename="long.html", actor=None).article
    assert (article.author, article.outlet) == ("A" * 300, "O" * 200)
