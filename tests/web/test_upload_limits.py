"""One size limit (articles.MAX_BYTES, 20 MB), one way of saying it: per file, per request, for htmx too."""
from factcheck.services import articles
from factcheck.web import MAX_UPLOAD
from tests.conftest import csrf_token, login

MB = 1024 * 1024


def _multipart(fields: dict[str, str], files: list[tuple[str, bytes]]) -> bytes:
    """A form body encoded by hand: for bodies this large the test client would spool to a
    temporary file that it never closes (and warnings are errors here)."""
    parts = [f'--b\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()]
    parts += [f'--b\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n\r\n'.encode() + raw + b"\r\n"
              for name, raw in files]
    return b"".join(parts) + b"--b--\r\n"


def test_the_limit_is_twenty_megabytes_everywhere(client, accounts):
    assert articles.MAX_BYTES == 20 * MB and articles.size_label(articles.MAX_BYTES) == "20 MB"
    assert articles.size_label(MAX_UPLOAD) == "20 MB"  # the request allowance never shows as 21 MB
    login(client, "checker")
    assert "up to 20 MB in all" in client.get("/import").get_data(as_text=True)


def test_a_file_over_twenty_megabytes_is_refused_and_the_others_imported(client, session, accounts):
    login(client, "checker")
    token = csrf_token(client.get("/import").get_data(as_text=True))
    body = _multipart({"csrf_token": token}, [("big.txt", b"Big\n\n" + b"x" * (articles.MAX_BYTES - 4)),
                                              ("small.txt", b"Small\n\nThe council approved $4 million.\n")])
    response = client.post("/import", data=body, content_type="multipart/form-data; boundary=b",
                           headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "big.txt</strong>:\n      not imported: the file is larger than 20 MB" in html
    assert "1 imported" in html and "1 refused" in html


def test_the_same_check_guards_articles_and_origins(session):
    import pytest

    from factcheck.analysis import InputError
    from factcheck.services import origins

    too_big = b"T\n\n" + b"x" * articles.MAX_BYTES
    with pytest.raises(InputError, match="^the file is larger than 20 MB$"):
        articles.import_bytes(session, raw=too_big, filename="big.txt", actor=None)
    article = articles.import_bytes(session, raw=b"T\n\nThe council met on Monday.\n", filename="t.txt", actor=None).article
    with pytest.raises(InputError, match="^the file is larger than 20 MB$"):
        origins.add_origin(session, article_id=article.id, raw=too_big, filename="big.txt", actor=None)


def test_an_oversized_request_gets_the_same_message_as_a_page_or_an_htmx_fragment(client, accounts):
    login(client, "checker")
    token = csrf_token(client.get("/import").get_data(as_text=True))
    body = _multipart({"csrf_token": token}, [("huge.txt", b"x" * (MAX_UPLOAD + 1))])
    message = ("The upload is larger than 20 MB. Send fewer files at once, or import large files "
               "with the command line.")

    def post(**headers):
        return client.post("/import", data=body, content_type="multipart/form-data; boundary=b", headers=headers)

    page = post()
    assert page.status_code == 413 and message in page.get_data(as_text=True)
    assert "<h1>That request could not be accepted</h1>" in page.get_data(as_text=True)
    fragment = post(**{"HX-Request": "true"})
    assert fragment.status_code == 413
    assert fragment.get_data(as_text=True).strip() == (
        f'<p class="flash flash-error" role="alert" data-message>{message}</p>')
