"""An upload over the limit, sent by htmx from the import form, shows the server's own 413 message."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from factcheck.models import Article
from tests.browser.conftest import log_in


@pytest.mark.expect_status(413)
def test_an_oversized_htmx_import_shows_the_413_message_and_keeps_the_form(app, live_server, watched_page, session,
                                                                           accounts):
    app.config["MAX_CONTENT_LENGTH"] = 100 * 1024  # the same handler as for 20 MB, with less to send
    page = watched_page
    log_in(page, live_server)
    page.goto(f"{live_server}/import")
    page.get_by_label("Title").fill("Typed title")
    page.get_by_label("Choose files").set_input_files(
        {"name": "big.txt", "mimeType": "text/plain", "buffer": b"Big\n\n" + b"word " * 40_000})
    with page.expect_response(lambda r: r.url.endswith("/import") and r.request.method == "POST") as answer:
        page.get_by_role("button", name="Import").click()
    assert answer.value.status == 413
    expect(page.locator("#messages")).to_have_text(
        "The upload is larger than 100 KB. Send fewer files at once, or import large files with the command line.")
    expect(page.get_by_label("Title")).to_have_value("Typed title")
    expect(page.get_by_role("button", name="Import")).to_be_enabled()
    with Session(session.get_bind()) as fresh:
        assert fresh.exec(select(Article)).all() == []
