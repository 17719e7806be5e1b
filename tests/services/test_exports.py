"""The audit CSV export: correct CSV, safe cells, flat memory, and a real spreadsheet's view of it."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import tracemalloc
from datetime import date, datetime, timezone

import pytest
from lxml import etree
from sqlalchemy import event, insert
from sqlmodel import select

from factcheck.models import AuditEvent
from factcheck.services import articles, audit, exports
from factcheck.services.exports import AUDIT_COLUMNS, AuditFilters, csv_stream, safe_cell

HOSTILE = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(1)", "\t=1", "\r=1"]


def _parse(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _export(session, filters=AuditFilters(), **kwargs) -> tuple[exports.AuditExport, str]:
    export = exports.export_audit(session, filters=filters, actor=None, via="test", **kwargs)
    return export, "".join(export.chunks)


def _bulk_events(session, n: int, *, at: datetime | None = None, actor_id=None, action="edit",
                 article_id=None, start: int = 0) -> None:
    """Many events at once, straight into the table: fast, and the export does not check hashes."""
    at = at or datetime(2026, 1, 16, 14, 2, tzinfo=timezone.utc)
    session.execute(insert(AuditEvent), [
        {"at": at, "actor_id": actor_id, "entity": "claim", "entity_id": i, "action": action,
         "article_id": article_id, "before": {"text": f"old {i}"}, "after": {"text": f"new {i}", "pad": "x" * 80},
         "prev_hash": f"p{start + i:063d}", "hash": f"h{start + i:063d}"} for i in range(n)])
    session.commit()


@pytest.mark.parametrize("value, expected", [
    ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'), ("+1+1", "'+1+1"), ("-2+3", "'-2+3"),
    ("@SUM(1)", "'@SUM(1)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("a=1", "a=1"), (" =1", "' =1"), ("\u3000 +1", "'\u3000 +1"), ("\n@x", "'\n@x"), ("＝1+1", "'＝1+1"),
    ("－5", "'－5"), (" plain", " plain"), ("  ", "  "), ("", ""), (None, ""), (7, 7), (-7, -7), (2.5, 2.5),
    (True, "true"), (date(2026, 1, 16), "2026-01-16"), ("ünïcode ✓", "ünïcode ✓"),
])
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_csv_stream_is_rfc_4180_with_one_header_row():
    rows = [{"a": 'say "hi", then\nleave', "b": 1}, {"a": "plain", "b": None}]
    text = "".join(csv_stream(rows, (("text", lambda r: r["a"]), ("n", lambda r: r["b"]))))
    assert text == 'text,n\r\n"say ""hi"", then\nleave",1\r\nplain,\r\n'
    assert _parse(text) == [["text", "n"], ['say "hi", then\nleave', "1"], ["plain", ""]]


def test_csv_stream_neutralizes_every_column_and_the_header():
    rows = [{"x": value} for value in HOSTILE]
    parsed = _parse("".join(csv_stream(rows, (("=header", lambda r: r["x"]), ("copy", lambda r: r["x"])))))
    assert parsed[0] == ["'=header", "copy"]
    for (first, second), value in zip(parsed[1:], HOSTILE):
        assert first == second == "'" + value


def test_csv_stream_yields_in_chunks_not_all_at_once():
    chunks = list(csv_stream(({"n": i} for i in range(1000)), (("n", lambda r: r["n"]),), chunk_rows=100))
    assert len(chunks) == 11  # the header rides with the first 100 rows; the last chunk is empty
    assert "".join(chunks).count("\r\n") == 1001


def test_the_audit_export_has_the_columns_defined_once_and_every_event(session, accounts):
    article = articles.import_bytes(session, raw=b"Budget\n\nThe council approved $4 million on Monday.\n",
                                    filename="budget.txt", actor=accounts["editor"]).article
    audit.record(session, actor=accounts["fact-checker"], entity="claim", entity_id=1, action="verdict",
                 article_id=article.id, after={"rating": "false", "sources": 2, "note": "ünïcode"})
    session.commit()
    export, text = _export(session)
    rows = _parse(text)
    assert rows[0] == [header for header, _ in AUDIT_COLUMNS]
    events = session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
    body = rows[1:]
    assert export.rows == len(body) == len(events) - 1  # everything before the export's own event
    assert [int(r[0]) for r in body] == [e.id for e in events[:-1]]
    by_name = [dict(zip(rows[0], r)) for r in body]
    assert by_name[-1]["actor"] == "checker" and by_name[-1]["action"] == "verdict"
    assert by_name[-1]["article_title"] == "Budget"
    assert json.loads(by_name[-1]["after"]) == {"rating": "false", "sources": 2, "note": "ünïcode"}
    assert by_name[-1]["hash"] == events[-2].hash
    assert datetime.fromisoformat(by_name[-1]["at_utc"]) == events[-2].at
    assert by_name[0]["actor"] == "" and by_name[0]["action"] == "create"  # from the command line


def test_exporting_writes_an_export_event_with_the_filters_and_row_count(session, accounts):
    _bulk_events(session, 3, action="verdict")
    export, _ = _export(session, AuditFilters(action="verdict"))
    stored = session.get(AuditEvent, export.event.id)
    assert (stored.entity, stored.action) == ("audit", "export")
    assert stored.after == {"format": "csv", "via": "test", "rows": 3, "filters": {"action": "verdict"}}


def test_filters_by_date_user_article_and_action(session, accounts):
    checker, editor = accounts["fact-checker"], accounts["editor"]
    article = articles.import_bytes(session, raw=b"Port\n\nThe port handled 1.2 million containers.\n",
                                    filename="port.txt", actor=None).article
    _bulk_events(session, 2, at=datetime(2026, 1, 15, 23, 59, tzinfo=timezone.utc), actor_id=checker.id, start=100)
    _bulk_events(session, 3, at=datetime(2026, 1, 16, 0, 0, tzinfo=timezone.utc), actor_id=editor.id,
                 action="verdict", article_id=article.id, start=200)
    _bulk_events(session, 4, at=datetime(2026, 1, 17, 12, 0, tzinfo=timezone.utc), actor_id=checker.id,
                 action="verdict", start=300)

    def count(**kwargs):
        return exports.count_audit(session, AuditFilters(**kwargs))

    assert count(date_from=date(2026, 1, 16), date_to=date(2026, 1, 16)) == 3
    assert count(date_from=date(2026, 1, 16), date_to=date(2026, 1, 17)) == 7
    assert count(date_to=date(2026, 1, 15)) == 2
    assert count(username="checker") == 6
    assert count(username="checker", action="verdict") == 4
    assert count(article_id=article.id) == 4  # the import and three verdicts
    assert count(article_id=article.id, action="verdict", username="editor") == 3
    export, text = _export(session, AuditFilters(username="editor", date_from=date(2026, 1, 16),
                                                 date_to=date(2026, 1, 16)))
    assert export.rows == 3 and len(_parse(text)) == 4


def test_bad_filters_say_what_is_wrong(session, accounts):
    with pytest.raises(exports.ExportError, match="start date is after the end date"):
        AuditFilters(date_from=date(2026, 2, 1), date_to=date(2026, 1, 1))
    with pytest.raises(exports.ExportError, match="no user named 'nobody'"):
        _export(session, AuditFilters(username="nobody"))
    with pytest.raises(exports.ExportError, match="no article 999"):
        _export(session, AuditFilters(article_id=999))


def test_rows_are_read_in_keyset_batches_never_all_at_once(session, accounts):
    _bulk_events(session, 2500)
    statements = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        if "audit_event.id >" in statement:  # the export's keyset reads, nothing else
            statements.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", seen)
    try:
        export = exports.export_audit(session, filters=AuditFilters(), actor=None, via="test", batch=1000)
        assert statements == []  # nothing read before the first chunk is asked for
        chunks = iter(export.chunks)
        next(chunks)
        assert len(statements) == 1  # the first chunk needs only the first batch
        rest = "".join(chunks)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert len(statements) == 3  # 1000 + 1000 + 500 rows: three queries, the last one short
    assert all("LIMIT" in s.upper() and "ORDER BY audit_event.id" in s for s in statements)
    assert export.rows == export.sent == 2500 + 3  # and the three accounts' create events
    assert rest.count("\r\n") > 0


def _peak_while_streaming(session, batch=exports.BATCH) -> int:
    export = exports.export_audit(session, filters=AuditFilters(), actor=None, via="test", batch=batch)
    tracemalloc.start()
    try:
        for _chunk in export.chunks:
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_from_ten_rows_to_twenty_thousand(session, accounts):
    _bulk_events(session, 10)
    ten = _peak_while_streaming(session)
    _bulk_events(session, 1990, start=10)
    two_thousand = _peak_while_streaming(session)
    _bulk_events(session, 18_000, start=2000)
    twenty_thousand = _peak_while_streaming(session)
    # The control: the same export reading every row in one query, as a naive export would.
    all_at_once = _peak_while_streaming(session, batch=1_000_000)
    print(f"\npeak traced memory while streaming the audit CSV: 10 rows {ten / 1e6:.2f} MB, "
          f"2,000 rows {two_thousand / 1e6:.2f} MB, 20,000 rows {twenty_thousand / 1e6:.2f} MB; "
          f"20,000 rows in one query {all_at_once / 1e6:.2f} MB")
    assert twenty_thousand < two_thousand * 1.25  # ten times the rows, the same memory
    assert twenty_thousand * 4 < all_at_once  # and the measurement can tell the difference


def _cells(path) -> list[list[dict]]:
    """Each cell of a flat ODS file: its formula (if any), value type and text as shown."""
    ns = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
          "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
          "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}

    def shown(paragraph):
        parts = [paragraph.text or ""]
        for child in paragraph:
            name = etree.QName(child).localname
            parts.append({"tab": "\t", "s": " " * int(child.get(f"{{{ns['text']}}}c", "1")),
                          "line-break": "\n"}.get(name, "".join(child.itertext())))
            parts.append(child.tail or "")
        return "".join(parts)

    rows = []
    for row in etree.parse(str(path)).iterfind(".//table:table-row", ns):
        rows.append([{"formula": cell.get(f"{{{ns['table']}}}formula"),
                      "type": cell.get(f"{{{ns['office']}}}value-type"),
                      "text": "\n".join(shown(p) for p in cell.iterfind("text:p", ns))}
                     for cell in row.iterfind("table:table-cell", ns)])
    return rows


def _libreoffice_open(csv_path, tmp_path) -> list[list[dict]]:
    """Open the CSV as a person would (LibreOffice's default CSV import) and save what it made."""
    binary = shutil.which("libreoffice") or shutil.which("soffice")
    if binary is None:
        reason = "LibreOffice is not installed: apt-get install -y libreoffice-calc"
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the spreadsheet test: {reason}")
        pytest.skip(reason)
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        [binary, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
         "--convert-to", "fods", "--outdir", str(tmp_path), str(csv_path)],
        capture_output=True, text=True, timeout=180)
    converted = tmp_path / (csv_path.stem + ".fods")
    assert converted.exists(), result.stdout + result.stderr
    return _cells(converted)


def test_hostile_cells_arrive_in_libreoffice_as_text(session, accounts, tmp_path):
    for value in HOSTILE:
        audit.record(session, actor=None, entity="claim", entity_id=1, action=value, after={"rating": value})
    session.commit()
    _, text = _export(session, AuditFilters())
    exported = tmp_path / "audit.csv"
    exported.write_bytes(text.encode("utf-8"))
    # The control: the same values written by a plain CSV writer, which LibreOffice must evaluate,
    # or this test could not tell a safe export from a spreadsheet that never runs formulas.
    unsafe = tmp_path / "unsafe.csv"
    with open(unsafe, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows([["action"], *[[v] for v in HOSTILE]])
    control = _libreoffice_open(unsafe, tmp_path)
    assert control[1][0]["formula"] == 'of:=HYPERLINK("http://x")'

    sheet = _libreoffice_open(exported, tmp_path)
    header = [cell["text"] for cell in sheet[0]]
    assert header == [name for name, _ in AUDIT_COLUMNS]
    formulas = [cell for row in sheet for cell in row if cell["formula"]]
    assert formulas == [], formulas
    action = header.index("action")
    actions = [row[action] for row in sheet[1:] if row[action]["text"] not in ("create",)]
    assert len(actions) == len(HOSTILE)
    for cell, value in zip(actions, HOSTILE):
        assert cell["type"] == "string"
        # LibreOffice shows a carriage return inside a cell as a line break.
        assert cell["text"] == "'" + value.replace("\r", "\n"), (cell, value)
