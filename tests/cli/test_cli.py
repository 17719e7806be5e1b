"""The factcheck command, run as a user runs it: a real process, real files, real databases."""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from urllib.parse import urlencode, urlsplit

import click
import pytest

from factcheck.cli import cli
from sqlmodel import Session, select

from factcheck.models import Article
from factcheck.services import audit
from tests.conftest import ROOT, refuse_poisoned_claim_units


def run(args, env_extra=None, input=None, timeout=120):
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "factcheck", *args], capture_output=True, text=True,
                          env=env, input=input, timeout=timeout)


def _commands(group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


COMMANDS = list(_commands(cli))


@pytest.mark.parametrize("path, command", COMMANDS, ids=[" ".join(path) for path, _ in COMMANDS])
def test_every_command_has_help_with_an_example(path, command):
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert command.help and len(command.help) > 20
    if not isinstance(command, click.Group):
        assert "Example:" in result.output


@pytest.fixture
def env(database_url, tmp_path):
    return {"DATABASE_URL": database_url, "FACTCHECK_INSTANCE": str(tmp_path / "instance")}


def test_import_keeps_going_past_bad_files_and_names_each(env, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Port record\n\nThe port handled 1.2 million containers in March.\n")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    latin = tmp_path / "broken.txt"
    latin.write_bytes(b"Title\n\nBytes \x81\x8d\x90\xc3 that no text encoding we accept can read.")
    missing = tmp_path / "missing.txt"
    result = run(["import", str(empty), str(binary), str(good), str(latin), str(missing), str(tmp_path)], env)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 5, result.stderr
    for path in (empty, binary, latin, missing, tmp_path):
        assert any(f"{path}:" in line for line in errors), (path, errors)
    ids = re.findall(r"^(\d+)\t", result.stdout, re.M)
    assert len(ids) == 1 and "good.txt" in result.stdout


def test_import_goes_on_past_a_file_the_database_refuses(env, engine, tmp_path):
    refuse_poisoned_claim_units(engine)
    paths = []
    for name, body in (("a.txt", "The council approved $1 million."), ("poison.txt", "The poisoned figure was 7%."),
                       ("b.txt", "The council approved $2 million.")):
        paths.append(tmp_path / name)
        paths[-1].write_text(f"Story {name}\n\n{body}\n")
    result = run(["import", *map(str, paths), "--json"], env)
    assert result.returncode == 1, result.stderr
    statuses = [(r["file"].rsplit("/", 1)[-1], r["status"], r.get("error")) for r in json.loads(result.stdout)["results"]]
    assert statuses == [("a.txt", "imported", None),
                        ("poison.txt", "error", "the database refused to store it; nothing of it was kept"),
                        ("b.txt", "imported", None)]
    with Session(engine) as check:
        assert sorted(a.title for a in check.exec(select(Article)).all()) == ["Story a.txt", "Story b.txt"]
        assert audit.verify(check)[1] is None


def test_import_json_reports_duplicates_by_content(env, tmp_path):
    one = tmp_path / "one.txt"
    one.write_text("Budget\n\nThe council approved $4 million on Monday.\n")
    copy = tmp_path / "copy.txt"
    copy.write_bytes(one.read_bytes())
    result = run(["import", "--json", str(one), str(copy)], env)
    assert result.returncode == 0, result.stderr
    results = json.loads(result.stdout)["results"]
    assert [r["status"] for r in results] == ["imported", "duplicate"]
    assert results[0]["article_id"] == results[1]["article_id"]


@pytest.mark.parametrize("url, words", [
    ("mysql://root@127.0.0.1/x", "supports sqlite and postgresql"),
    ("not a url", "not a database URL"),
    ("postgresql+psycopg://postgres@127.0.0.1:1/nowhere", "Check DATABASE_URL"),
    ("sqlite:////proc/nope/x.db", "cannot create the folder /proc/nope"),
    ("postgresql+psycopg2://postgres@127.0.0.1:5432/test",
     "driver 'postgresql+psycopg2', which is not installed or not supported; use postgresql+psycopg://"),
    ("sqlite+nosuchdriver:///x.db", "use sqlite:///"),
])
def test_a_wrong_database_url_gives_a_message_not_a_traceback(tmp_path, url, words):
    result = run(["db", "upgrade"], {"DATABASE_URL": url, "FACTCHECK_INSTANCE": str(tmp_path)})
    assert result.returncode == 1
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_commands_refuse_an_unmigrated_database(tmp_path):
    result = run(["import", str(ROOT / "data" / "abbreviations.txt")],
                 {"DATABASE_URL": f"sqlite:///{tmp_path}/new.db", "FACTCHECK_INSTANCE": str(tmp_path)})
    assert result.returncode == 1
    assert "factcheck db upgrade" in result.stderr


def test_user_create_reads_the_password_from_stdin(env):
    result = run(["user", "create", "maria", "--role", "editor", "--password-stdin"], env,
                 input="a long passphrase\n")
    assert result.returncode == 0, result.stderr
    assert "Created editor maria" in result.stdout
    again = run(["user", "create", "maria", "--role", "editor", "--password-stdin"], env, input="another one 123\n")
    assert again.returncode == 1 and "already exists" in again.stderr


def test_audit_verify_passes_on_a_fresh_demo(env):
    assert run(["demo", "--no-serve"], env).returncode == 0
    result = run(["audit", "verify"], env)
    assert result.returncode == 0, result.stderr
    assert re.search(r"intact: \d+ events", result.stdout)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_demo_serves_and_a_person_can_log_in_and_read_an_article(request, tmp_path, backend):
    """The README's first command, minus the install: a fresh instance folder, then the browser's view."""
    env = {"FACTCHECK_INSTANCE": str(tmp_path / "instance")}
    if backend == "postgresql":
        env["DATABASE_URL"] = _pg_url(request)
    else:
        env["DATABASE_URL"] = ""
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "factcheck", "demo", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, **env})
    try:
        lines = []
        deadline = time.time() + 90
        while time.time() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
            if line.startswith("Open http://"):
                break
        output = "".join(lines)
        logins = {role: (username, password) for role, username, password
                  in re.findall(r"^\s+(fact-checker|editor|admin)\s+(\S+)\s+(\S+)$", output, re.M)}
        assert set(logins) == {"fact-checker", "editor", "admin"}, output
        if backend == "sqlite":
            assert (tmp_path / "instance" / "factcheck.db").exists()
        base = f"http://127.0.0.1:{port}"
        _wait_for(f"{base}/healthz")
        openers = {role: _log_in(base, *login) for role, login in logins.items()}
        listing = _fetch(openers["fact-checker"], f"{base}/")
        assert "Articles" in listing
        article_path = re.search(r'href="(/articles/\d+)"', listing).group(1)
        article = _fetch(openers["fact-checker"], base + article_path)
        assert article.count("data-claim-id=") > 3
        # Each printed login works and carries its role: the report is for editors, accounts for admins.
        assert _status(openers["fact-checker"], f"{base}/report") == 403
        assert _status(openers["editor"], f"{base}/report") == 200
        assert _status(openers["editor"], f"{base}/admin/users") == 403
        assert _status(openers["admin"], f"{base}/admin/users") == 200
    finally:
        process.terminate()
        process.wait(timeout=20)
        process.stdout.close()


def _log_in(base: str, username: str, password: str):
    """A cookie-keeping opener logged in as this user; fails unless the login lands on the article list."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    login_page = _fetch(opener, f"{base}/login")
    token = re.search(r'name="csrf-token" content="([^"]+)"', login_page).group(1)
    body = urlencode({"username": username, "password": password, "csrf_token": token}).encode()
    with opener.open(f"{base}/login", data=body, timeout=10) as response:
        assert urlsplit(response.url).path == "/", f"{username} did not log in: {response.url}"
        assert "Articles" in response.read().decode()
    return opener


def _status(opener, url) -> int:
    try:
        with opener.open(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        error.close()
        return error.code


def _fetch(opener, url, data=None) -> str:
    with opener.open(url, data=data, timeout=10) as response:
        return response.read().decode()


def _pg_url(request) -> str:
    templates = request.getfixturevalue("postgres_templates")
    name = templates.fresh()
    request.addfinalizer(lambda: templates.drop(name))
    return templates.url(name)


def _wait_for(url: str) -> None:
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} never answered")


@pytest.mark.parametrize("workers", [0, 2], ids=["builtin", "gunicorn-2"])
def test_serve_answers_healthz_and_leaves_no_control_socket(database_url, tmp_path, workers):
    home, runtime = tmp_path / "home", tmp_path / "runtime"
    home.mkdir()
    runtime.mkdir()
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    env = {**os.environ, "DATABASE_URL": database_url, "FACTCHECK_INSTANCE": str(tmp_path / "instance"),
           "HOME": str(home), "XDG_RUNTIME_DIR": str(runtime)}
    process = subprocess.Popen([sys.executable, "-m", "factcheck", "serve", "--port", str(port),
                                "--workers", str(workers)], stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        _wait_for(f"http://127.0.0.1:{port}/healthz")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            assert json.loads(response.read()) == {"status": "ok", "db": "ok"}
        # gunicorn 27 would otherwise put gunicorn.ctl in $XDG_RUNTIME_DIR or ~/.gunicorn (TESTING.md).
        assert list(runtime.iterdir()) == [] and not (home / ".gunicorn").exists()
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()
    assert not (home / ".gunicorn").exists(), (tmp_path / "serve.log").read_text()
