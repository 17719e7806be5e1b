"""An editor filters the audit trail, sees how many events match, and downloads the CSV with progress."""
from __future__ import annotations

import csv
import io

from playwright.sync_api import expect
from sqlalchemy import insert

from factcheck.models import AuditEvent
from factcheck.timeutil import utcnow
from tests.browser.conftest import log_in, screenshot


def test_an_editor_downloads_the_audit_csv_with_a_progress_report(live_server, watched_page, session,
                                                                   accounts, tmp_path, request):
    session.execute(insert(AuditEvent), [
        {"at": utcnow(), "entity": "claim", "entity_id": i, "action": "verdict",
         "after": {"rating": "=1+1" if i % 2 else "false"}, "prev_hash": f"p{i:063d}", "hash": f"h{i:063d}"}
        for i in range(3000)])
    session.commit()
    page = watched_page
    log_in(page, live_server, "editor")
    page.get_by_role("link", name="Exports").click()
    page.wait_for_load_state("load")  # a select changed before htmx runs sends nothing
    expect(page.locator("[data-export-count]")).to_have_text("3,003")

    page.get_by_label("Action").select_option("verdict")  # htmx swaps in the new count
    expect(page.locator("[data-export-count]")).to_have_text("3,000")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    status = page.locator("[data-export-status]")
    expect(status).to_contain_text("Done: 3,000 rows saved as audit-")
    expect(page.locator("[data-export-progress] progress")).to_have_attribute("value", "3000")
    backend = "pg" if "postgresql" in request.node.name else "sqlite"
    screenshot(page, f"exports-{backend}")

    saved = tmp_path / "downloaded.csv"
    download_info.value.save_as(saved)
    rows = list(csv.reader(io.StringIO(saved.read_text("utf-8"), newline="")))
    assert len(rows) == 3001 and rows[0][0] == "event_id"
    assert {r[3] for r in rows[1:]} == {"verdict"}
