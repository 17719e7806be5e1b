import csv
import io

from sqlalchemy import insert
from sqlmodel import select

from factcheck.models import AuditEvent
from factcheck.services import articles, audit
from factcheck.services.exports import AUDIT_COLUMNS
from tests.conftest import login


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True), newline="")))


def _exports(session):
    return session.exec(select(AuditEvent).where(AuditEvent.action == "export").order_by(AuditEvent.id)).all()


def test_the_exports_page_counts_matching_events_before_download(client, session, accounts):
    login(client, "editor")
    page = client.get("/exports")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<strong data-export-count>3</strong> events match" in html  # three accounts created
    assert 'href="/exports/audit.csv"' in html
    assert 'src="/static/js/exports.js"' in html
    filtered = client.get("/exports?action=create&user=nobody-here")
    assert filtered.status_code == 422 and "no user named" in filtered.get_data(as_text=True)
    assert _exports(session) == []  # counting is not exporting


def test_changing_a_filter_with_htmx_returns_just_the_preview(client, session, accounts):
    articles.import_bytes(session, raw=b"Port\n\nThe port handled 1.2 million containers.\n",
                          filename="port.txt", actor=accounts["editor"])
    login(client, "editor")
    response = client.get("/exports?action=import&from=2020-01-01", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="export-preview"')
    assert "<strong data-export-count>1</strong> event matches" in html
    assert 'href="/exports/audit.csv?from=2020-01-01&amp;action=import"' in html
    bad = client.get("/exports?from=16/01/2026", headers={"HX-Request": "true"})
    assert bad.status_code == 422 and "must look like 2026-01-16" in bad.get_data(as_text=True)


def test_the_csv_download_is_streamed_filtered_and_recorded(client, session, accounts):
    article = articles.import_bytes(session, raw=b"Budget\n\nThe council approved $4 million.\n",
                                    filename="budget.txt", actor=accounts["fact-checker"]).article
    audit.record(session, actor=accounts["fact-checker"], entity="claim", entity_id=1, action="verdict",
                 article_id=article.id, after={"rating": "=HYPERLINK(\"http://x\")"})
    session.commit()
    login(client, "editor")
    response = client.get(f"/exports/audit.csv?user=checker&article={article.id}")
    assert response.is_streamed
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8; header=present"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="audit-')
    assert response.headers["X-Export-Rows"] == "2"
    rows = _rows(response)
    response.close()
    assert rows[0] == [name for name, _ in AUDIT_COLUMNS]
    assert [r[3] for r in rows[1:]] == ["import", "verdict"]
    assert all(r[2] == "checker" for r in rows[1:])
    assert rows[2][9] == '{"rating": "=HYPERLINK(\\"http://x\\")"}'  # JSON starts with {, already safe
    (event,) = _exports(session)
    assert event.actor_id == accounts["editor"].id
    assert event.article_id == article.id
    assert event.after == {"format": "csv", "via": "web", "rows": 2,
                           "filters": {"username": "checker", "article_id": article.id}}


def test_a_long_export_arrives_in_many_chunks_from_keyset_batches(client, session, accounts):
    session.execute(insert(AuditEvent), [
        {"at": audit.utcnow(), "entity": "claim", "entity_id": i, "action": "edit",
         "after": {"n": i}, "prev_hash": f"p{i:063d}", "hash": f"h{i:063d}"} for i in range(2500)])
    session.commit()
    login(client, "admin")
    response = client.get("/exports/audit.csv")
    chunks = list(response.response)
    response.close()
    assert len(chunks) > 10
    body = b"".join(c if isinstance(c, bytes) else c.encode() for c in chunks).decode()
    assert body.count("\r\n") == 1 + 2503
    assert response.headers["X-Export-Rows"] == "2503"


def test_a_bad_filter_on_the_download_is_a_400_with_a_message(client, session, accounts):
    login(client, "editor")
    response = client.get("/exports/audit.csv?from=2026-02-01&to=2026-01-01")
    assert response.status_code == 400
    assert "start date is after the end date" in response.get_data(as_text=True)
    assert client.get("/exports/audit.csv?article=abc").status_code == 400
    assert _exports(session) == []


def test_the_nav_shows_exports_and_accounts_by_role(app, accounts):
    seen = {}
    for username in ("checker", "editor", "admin"):
        client = app.test_client()
        login(client, username)
        html = client.get("/").get_data(as_text=True)
        seen[username] = ('href="/exports"' in html, 'href="/admin/users"' in html)
    assert seen == {"checker": (False, False), "editor": (True, False), "admin": (True, True)}


def test_the_stream_hands_its_database_connection_back_when_done_or_abandoned(app, client, session, accounts):
    session.execute(insert(AuditEvent), [
        {"at": audit.utcnow(), "entity": "claim", "entity_id": i, "action": "edit",
         "after": {"n": i}, "prev_hash": f"p{i:063d}", "hash": f"h{i:063d}"} for i in range(2500)])
    session.commit()
    pool = app.extensions["engine"].pool
    login(client, "editor")
    finished = client.get("/exports/audit.csv")
    finished.get_data()
    finished.close()
    assert pool.checkedout() == 0
    abandoned = client.get("/exports/audit.csv")
    next(iter(abandoned.response))  # the client reads the first rows, then goes away
    assert pool.checkedout() == 1
    abandoned.close()
    assert pool.checkedout() == 0
