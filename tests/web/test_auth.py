import pytest

from tests.conftest import PASSWORD, csrf_token, login


def test_pages_need_a_login(client, accounts):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_login_with_the_right_password_opens_the_article_list(client, accounts):
    response = login(client, "checker")
    assert response.status_code == 303
    page = client.get("/")
    assert page.status_code == 200
    assert "checker" in page.get_data(as_text=True)


def test_wrong_password_is_refused_with_a_message(client, accounts):
    response = login(client, "checker", "not the password")
    assert response.status_code == 401
    assert "do not match an active account" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_disabled_users_cannot_log_in_and_their_sessions_end(client, session, accounts):
    login(client, "checker")
    assert client.get("/").status_code == 200
    user = accounts["fact-checker"]
    user.disabled = True
    session.add(user)
    session.commit()
    assert client.get("/").status_code == 302
    assert login(client, "checker").status_code == 401


def test_login_without_csrf_token_is_refused(client, accounts):
    response = client.post("/login", data={"username": "checker", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_next_never_leaves_the_site(client, accounts, target):
    page = client.get("/login")
    response = client.post(f"/login?next={target}", data={
        "username": "checker", "password": PASSWORD, "csrf_token": csrf_token(page.get_data(as_text=True))})
    assert response.status_code == 303
    location = response.headers["Location"]
    assert "evil.example" not in location


def test_logout_needs_post_with_csrf(client, accounts):
    login(client, "checker")
    page = client.get("/").get_data(as_text=True)
    assert client.post("/logout").status_code == 400
    assert client.post("/logout", data={"csrf_token": csrf_token(page)}).status_code == 303
    assert client.get("/").status_code == 302
