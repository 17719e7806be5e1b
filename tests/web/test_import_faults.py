"""Ten files, and the database refuses the fifth while it is being saved: nine imported, nothing partial."""
import io
import re

from sqlalchemy import event
from sqlmodel import Session, select

from factcheck.models import Article, AuditEvent, ClaimUnit
from factcheck.services import audit
from tests.conftest import csrf_token, login, refuse_poisoned_claim_units


def test_a_database_error_while_saving_the_fifth_file_leaves_nothing_of_it(app, client, engine, accounts):
    refuse_poisoned_claim_units(engine)
    written = []  # article rows the app's database accepted, before any commit

    def watch(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("INSERT INTO article "):
            written.append(str(parameters))

    event.listen(app.extensions["engine"], "after_cursor_execute", watch)
    with Session(engine) as before:
        events_before = len(before.exec(select(AuditEvent)).all())
    login(client, "checker")
    token = csrf_token(client.get("/import").get_data(as_text=True))
    files = [(io.BytesIO(f"Story {n}\n\nThe council approved ${n + 1} million on day {n}.\n".encode()), f"s{n}.txt")
             for n in range(9)]
    files.insert(4, (io.BytesIO(b"Poisoned story\n\nThe council approved $9 million on Monday. "
                                b"The poisoned figure was 7% higher than in 2025, officials said.\n"), "poison.txt"))
    response = client.post("/import", data={"csrf_token": token, "files": files}, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "9 imported" in html and "1 refused" in html
    assert re.search(r"poison\.txt</strong>:\s+not imported: the database refused to store it", html), html
    assert len(written) == 10 and "Poisoned story" in written[4]  # its article row was written, then undone

    with Session(engine) as check:
        stored = check.exec(select(Article)).all()
        assert sorted(a.title for a in stored) == sorted(f"Story {n}" for n in range(9))
        units = check.exec(select(ClaimUnit)).all()
        assert {u.article_id for u in units} == {a.id for a in stored}  # every article has its claim units
        events = check.exec(select(AuditEvent)).all()
        imports = [e for e in events if e.action == "import"]
        assert len(events) == events_before + 9 and len(imports) == 9
        assert {e.article_id for e in imports} == {a.id for a in stored}
        assert not [e for e in events if "Poisoned" in str(e.after)]
        assert audit.verify(check)[1] is None
