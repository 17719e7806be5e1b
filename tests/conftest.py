"""Shared fixtures: every storage and web test runs on SQLite and on PostgreSQL.

PostgreSQL is used when FACTCHECK_TEST_POSTGRES (a URL to a server's maintenance
database) is set or 127.0.0.1:5432 answers. Each test gets a database of its own,
copied from a migrated template, and dropped afterwards.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import uuid
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session

from factcheck.db import make_engine
from factcheck.migrate import upgrade
from factcheck.services import users

# Cheaper scrypt parameters for the hundreds of test accounts (production keeps N=32768);
# command-line tests run in subprocesses and inherit it.
os.environ.setdefault("FACTCHECK_PASSWORD_HASH", "scrypt:1024:8:1")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PASSWORD = "correct horse battery"
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _postgres_admin_url() -> tuple[str | None, str]:
    url = os.environ.get("FACTCHECK_TEST_POSTGRES")
    if url:
        return url, "FACTCHECK_TEST_POSTGRES is set"
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
    except OSError as exc:
        return None, f"no PostgreSQL server on 127.0.0.1:5432 ({exc}); set FACTCHECK_TEST_POSTGRES to run those tests"
    return DEFAULT_PG, "127.0.0.1:5432 answers"


PG_URL, PG_REASON = _postgres_admin_url()
# In CI a missing server is a failure, never a quiet skip.
REQUIRED = bool(os.environ.get("CI"))
RAN = Counter()


def pytest_report_header(config):
    return [f"PostgreSQL tests: {'ON' if PG_URL else 'SKIPPED'} ({PG_REASON})"]


def pytest_runtest_logreport(report):
    if report.when == "call" and report.passed:
        found = re.search(r"\[(sqlite|postgresql)", report.nodeid)
        if found:
            RAN[found.group(1)] += 1


def pytest_terminal_summary(terminalreporter):
    terminalreporter.write_line(
        f"database tests passed: sqlite={RAN['sqlite']} postgresql={RAN['postgresql']}"
        + ("" if PG_URL else f" (PostgreSQL skipped: {PG_REASON})"))


class PostgresTemplates:
    """A migrated template database, copied for each test."""

    def __init__(self, admin_url: str):
        self.admin = make_engine(admin_url, isolation_level="AUTOCOMMIT")
        self.base = make_engine(admin_url).url
        self.template = f"fc_tmpl_{uuid.uuid4().hex[:10]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.template}"'))
        engine = make_engine(self.url(self.template))
        upgrade(engine)
        engine.dispose()

    def url(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def fresh(self) -> str:
        name = f"fc_test_{uuid.uuid4().hex[:10]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"'))
        return name

    def drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        self.drop(self.template)
        self.admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_templates():
    if not PG_URL:
        if REQUIRED:
            pytest.fail(f"CI must run the PostgreSQL tests: {PG_REASON}")
        pytest.skip(PG_REASON)
    templates = PostgresTemplates(PG_URL)
    yield templates
    templates.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path, sqlite_template):
    """A migrated, empty database of its own for this test."""
    if request.param == "sqlite":
        path = tmp_path / "factcheck.db"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    templates = request.getfixturevalue("postgres_templates")
    name = templates.fresh()
    yield templates.url(name)
    templates.drop(name)


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine):
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def accounts(session):
    """One user per role, all with PASSWORD."""
    return {role: users.create(session, username=name, password=PASSWORD, role=role)
            for name, role in (("checker", "fact-checker"), ("editor", "editor"), ("admin", "admin"))}


@pytest.fixture
def app(database_url, tmp_path):
    from factcheck.web import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret",
                      "INSTANCE": str(tmp_path)})
    yield app
    app.extensions["engine"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert found, "page has no CSRF meta tag"
    return found.group(1)


def login(client, username: str, password: str = PASSWORD):
    page = client.get("/login")
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": csrf_token(page.get_data(as_text=True))})


def refuse_poisoned_claim_units(engine) -> None:
    """A real database refusal in the middle of the save: the article row is already written when
    its claim units are refused."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text("CREATE TRIGGER refuse_poison BEFORE INSERT ON claim_unit "
                              "WHEN NEW.text LIKE '%poisoned%' BEGIN SELECT RAISE(ABORT, 'poisoned claim unit'); END"))
        else:
            conn.execute(text("ALTER TABLE claim_unit ADD CONSTRAINT refuse_poison CHECK (text NOT LIKE '%poisoned%')"))
