"""The command line when the world is odd: links, devices and FIFOs, full disks, unreadable files,
names and arguments that are not UTF-8, databases from a newer version. One line, never a traceback."""
from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from sqlalchemy import text
from sqlmodel import Session, select

from factcheck.cli import cli
from factcheck.db import make_engine
from factcheck.models import Article, ClaimUnit, Publication, User, Verdict
from tests.conftest import ROOT

DEV_FULL = Path("/dev/full")
NEWER = "ffff00000001"  # a revision no migration of ours has
DATA = ROOT / "data" / "abbreviations.txt"


def run(args, env, *, input: bytes | None = None, stdout=subprocess.PIPE, timeout=60):
    """factcheck in a process of its own; args may be bytes (names that are not UTF-8)."""
    # A UTF-8 locale that is not "C": Python's stdout is then strict about lone surrogates.
    env = {**os.environ, "LC_ALL": "C.UTF-8", **env}
    done = subprocess.run([sys.executable, "-m", "factcheck", *args], input=input, stdout=stdout,
                          stderr=subprocess.PIPE, env=env, timeout=timeout)
    out = done.stdout.decode("utf-8", "replace") if done.stdout is not None else ""
    return done.returncode, out, done.stderr.decode("utf-8", "replace")


def one_line_error(result, *words, code=None):
    returncode, _out, err = result
    assert returncode != 0 and (code is None or returncode == code), result
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    for word in words:
        assert word in lines[0], err
    return lines[0]


@pytest.fixture(autouse=True)
def dev_full_stays_a_device():
    yield
    assert stat.S_ISCHR(os.stat(DEV_FULL).st_mode), "/dev/full was replaced"


@pytest.fixture
def sqlite_env(tmp_path, sqlite_template):
    path = tmp_path / "factcheck.db"
    shutil.copy(sqlite_template, path)
    return {"DATABASE_URL": f"sqlite:///{path}", "FACTCHECK_INSTANCE": str(tmp_path / "instance")}


@pytest.fixture
def env(database_url, tmp_path):
    return {"DATABASE_URL": database_url, "FACTCHECK_INSTANCE": str(tmp_path / "instance")}


def story(path: Path, body: str) -> Path:
    path.write_text(f"Story {path.stem}\n\nThe council approved {body} on Monday.\n")
    return path


def set_revision(url: str, revision: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    engine.dispose()


def head_revision(url: str) -> str:
    engine = make_engine(url)
    with engine.connect() as connection:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    engine.dispose()
    return revision


# 1. --out and backup targets are written through, not replaced.

def test_export_through_a_link_to_a_full_device_fails_and_keeps_the_link(sqlite_env, tmp_path):
    link = tmp_path / "L"
    link.symlink_to(DEV_FULL)
    one_line_error(run(["export", "claims", "--out", str(link)], sqlite_env),
                   f"cannot write {link}: No space left on device")
    assert link.is_symlink() and os.readlink(link) == str(DEV_FULL)
    assert not (tmp_path / "L.part").exists()


def test_export_through_a_link_writes_the_file_it_names(sqlite_env, tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "claims.csv"
    link.symlink_to(real)
    code, _out, err = run(["export", "claims", "--out", str(link)], sqlite_env)
    assert code == 0, err
    assert link.is_symlink() and real.read_text().startswith("article_id,")
    assert sorted(p.name for p in tmp_path.iterdir() if ".part" in p.name) == []


def test_export_into_a_fifo_writes_into_it(sqlite_env, tmp_path):
    fifo = tmp_path / "claims.fifo"
    os.mkfifo(fifo)
    # A reader that is there before the writer, so the export's open returns at once.
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    received = bytearray()
    process = subprocess.Popen([sys.executable, "-m", "factcheck", "export", "claims", "--out", str(fifo)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **sqlite_env})
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                chunk = os.read(reader, 65536)
            except BlockingIOError:
                chunk = None
            if chunk:
                received += chunk
            elif process.poll() is not None:
                break
            else:
                time.sleep(0.05)
        _out, err = process.communicate(timeout=30)
    finally:
        os.close(reader)
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received.startswith(b"article_id,")


def test_a_folder_where_the_part_file_goes_is_named(sqlite_env, tmp_path):
    out = tmp_path / "audit.csv"
    (tmp_path / "audit.csv.part").mkdir()
    one_line_error(run(["export", "audit", "--out", str(out)], sqlite_env), f"cannot write {out}.part")
    assert (tmp_path / "audit.csv.part").is_dir() and not out.exists()
    one_line_error(run(["backup", str(out)], sqlite_env), f"cannot write {out}.part")


def test_backup_through_a_link_writes_the_file_it_names(env, tmp_path):
    real = tmp_path / "store" / "factcheck.backup"
    real.parent.mkdir()
    link = tmp_path / "latest.backup"
    link.symlink_to(real)
    code, _out, err = run(["backup", str(link)], env)
    assert code == 0, err
    assert link.is_symlink() and real.is_file() and real.stat().st_size > 0
    code, out, err = run(["restore", str(link), "--yes"], env)
    assert code == 0 and "Restored" in out, err


def test_backup_through_a_link_to_a_full_device_fails_and_keeps_the_link(sqlite_env, tmp_path):
    link = tmp_path / "L"
    link.symlink_to(DEV_FULL)
    one_line_error(run(["backup", str(link)], sqlite_env), "No space left on device")
    assert link.is_symlink() and os.readlink(link) == str(DEV_FULL)


# 2. backup makes the folders it needs.

def test_backup_makes_missing_folders_as_the_readme_shows(sqlite_env, tmp_path):
    code, _out, err = run(["backup", str(tmp_path / "backups" / "more" / "factcheck.db")], sqlite_env)
    assert code == 0, err
    assert (tmp_path / "backups" / "more" / "factcheck.db").stat().st_size > 0
    (tmp_path / "a-file").write_text("")
    one_line_error(run(["backup", str(tmp_path / "a-file" / "sub" / "b.db")], sqlite_env),
                   "cannot create the folder")


# 3. A file that cannot be read is one file's error.

@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_an_unreadable_file_is_that_files_error(sqlite_env, tmp_path):
    mem = "/proc/self/mem"  # a regular file whose first page cannot be read (EIO)
    one_line_error(run(["analyze", mem], sqlite_env), f"{mem}: cannot be read")
    one_line_error(run(["trace", str(DATA), "--origin", mem], sqlite_env), f"{mem}: cannot be read")
    good = story(tmp_path / "good.txt", "$3 million")
    code, out, err = run(["import", "--json", mem, str(good)], sqlite_env)
    assert code == 1 and "Traceback" not in err, err
    results = json.loads(out)["results"]
    assert results[0]["status"] == "error" and results[0]["error"].startswith("cannot be read")
    assert results[1]["status"] == "imported"
    code, out, err = run(["import", mem, str(good)], sqlite_env)
    assert code == 1 and err.strip() == f"error: {mem}: cannot be read: Input/output error"
    assert out.strip().endswith("(already imported: same bytes)")


# 4. Anything but a regular file is refused before it is opened.

def test_a_fifo_is_refused_not_waited_for(sqlite_env, tmp_path):
    fifo = tmp_path / "story.txt"
    os.mkfifo(fifo)
    good = story(tmp_path / "good.txt", "$5 million")
    code, out, err = run(["import", "--json", str(fifo), str(good)], sqlite_env, timeout=30)
    assert code == 1, err
    assert [(r["status"], r.get("error")) for r in json.loads(out)["results"]] == [
        ("error", "is not a regular file"), ("imported", None)]
    one_line_error(run(["analyze", str(fifo)], sqlite_env, timeout=30), "is not a regular file")
    one_line_error(run(["trace", str(fifo), "--origin", str(DATA)], sqlite_env, timeout=30), "is not a regular file")


def test_a_directory_is_called_a_directory(sqlite_env, tmp_path):
    one_line_error(run(["analyze", str(tmp_path)], sqlite_env), f"{tmp_path}: is a directory")
    one_line_error(run(["trace", str(DATA), "--origin", str(tmp_path)], sqlite_env), f"{tmp_path}: is a directory")


# 5. Names and arguments that are not UTF-8.

def test_a_file_name_that_is_not_utf8_is_stored_with_replacement_characters(sqlite_env, tmp_path):
    raw_name = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(raw_name, "w") as handle:
        handle.write("Cafe prices\n\nThe council approved $6 million on Monday.\n")
    other = story(tmp_path / "other.txt", "$7 million")
    code, out, err = run(["import", raw_name, str(other)], sqlite_env)
    assert code == 0 and "Traceback" not in err, err
    first, second = out.strip().splitlines()
    assert "caf\ufffd.txt" in first and "the file name is not valid UTF-8" in first
    assert second.endswith("other.txt")
    engine = make_engine(sqlite_env["DATABASE_URL"])
    with Session(engine) as session:
        assert sorted(a.filename for a in session.exec(select(Article)).all()) == ["caf\ufffd.txt", "other.txt"]
    engine.dispose()
    analyzed = run(["analyze", "--json", raw_name], sqlite_env)
    assert analyzed[0] == 0, analyzed


@pytest.mark.parametrize("args, option", [
    (["import", "--outlet", b"Caf\xe9", str(DATA)], "--outlet"),
    (["export", "audit", "--user", b"\xff"], "--user"),
    (["export", "audit", "--action", b"\xff"], "--action"),
    (["report", "--outlet", b"\xff"], "--outlet"),
    (["user", "disable", b"\xff"], "NAME"),
], ids=["import-outlet", "export-user", "export-action", "report-outlet", "user-name"])
def test_an_argument_that_is_not_utf8_is_refused_naming_the_option(sqlite_env, args, option):
    one_line_error(run(args, sqlite_env), option, "not valid UTF-8")


# 6. A password on stdin that is not UTF-8.

def test_a_password_that_is_not_utf8_is_refused(sqlite_env):
    one_line_error(run(["user", "create", "m2", "--role", "editor", "--password-stdin"], sqlite_env,
                       input=b"\xff\xfe long passphrase\n"), "password is not valid UTF-8")
    code, out, err = run(["user", "create", "m2", "--role", "editor", "--password-stdin"], sqlite_env,
                         input="a long pässphrase\n".encode())
    assert code == 0 and "Created editor m2" in out, err


# 7. Numbers in range.

def test_an_article_id_out_of_range_is_refused(sqlite_env):
    for value in ("99999999999999999999", "0", "seven"):
        one_line_error(run(["export", "audit", "--article", value], sqlite_env), "--article", "1 to 2147483647")


@pytest.mark.parametrize("command", [["demo", "--no-serve"], ["serve"]])
@pytest.mark.parametrize("port", ["99999", "0"])
def test_a_port_out_of_range_is_refused(sqlite_env, command, port):
    one_line_error(run([*command, "--port", port], sqlite_env, timeout=30), "--port", "1 to 65535")


# 8. A standard output that refuses the text.

@pytest.mark.parametrize("args", [["report", "--json"], ["user", "list"], ["analyze", str(DATA)],
                                  ["audit", "verify"], ["import", str(DATA)], ["--help"]],
                         ids=lambda args: " ".join(args[:2]).replace(str(DATA), "FILE"))
def test_a_full_standard_output_is_one_line(sqlite_env, args):
    code, _out, err = run(["user", "create", "maria", "--role", "editor", "--password-stdin"], sqlite_env,
                          input=b"a long passphrase\n")
    assert code == 0, err
    with open(DEV_FULL, "wb") as full:  # written to, never replaced
        result = run(args, sqlite_env, stdout=full)
    assert one_line_error(result, code=1) == "error: cannot write standard output: No space left on device"


def test_a_closed_pipe_on_standard_output_is_one_line(sqlite_env):
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = run(["report", "--json"], sqlite_env, stdout=write_end)
    finally:
        os.close(write_end)
    assert one_line_error(result, code=1) == "error: cannot write standard output: Broken pipe"


# 9. A database from a newer version.

def test_a_newer_database_is_named_as_such(sqlite_env):
    set_revision(sqlite_env["DATABASE_URL"], NEWER)
    for args in (["db", "upgrade"], ["serve", "--port", "1"], ["demo", "--no-serve"], ["user", "list"]):
        one_line_error(run(args, sqlite_env, timeout=30), "the database was made by a newer version of factcheck "
                       f"(revision {NEWER}); install that version")


def test_a_backup_from_a_newer_version_is_refused_before_anything_is_replaced(env, database_url, tmp_path):
    from factcheck.services import backup

    head = head_revision(database_url)
    set_revision(database_url, NEWER)
    target = tmp_path / "newer.backup"
    engine = make_engine(database_url)
    backup.backup(engine, target)  # what the newer version's `factcheck backup` wrote
    engine.dispose()
    set_revision(database_url, head)
    code, _out, err = run(["user", "create", "after", "--role", "editor", "--password-stdin"], env,
                          input=b"a long passphrase\n")
    assert code == 0, err
    one_line_error(run(["restore", str(target), "--yes"], env),
                   f"made by a newer version of factcheck (revision {NEWER}); install that version")
    assert head_revision(database_url) == head
    code, out, _err = run(["user", "list"], env)
    assert code == 0 and "after" in out


# 10. Backup names with URI characters.

def test_restore_takes_a_name_with_question_mark_hash_and_percent(sqlite_env, tmp_path):
    target = tmp_path / "q?x#y%41.db"
    code, _out, err = run(["backup", str(target)], sqlite_env)
    assert code == 0, err
    code, out, err = run(["restore", str(target), "--yes"], sqlite_env)
    assert code == 0 and f"Restored {target}" in out, err
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("q")) == ["q?x#y%41.db"]


# 11. Progress for every export.

@pytest.fixture
def many_claims(sqlite_env):
    """1,500 claim units, each with a verdict and a publication."""
    engine = make_engine(sqlite_env["DATABASE_URL"])
    with Session(engine) as session:
        editor = User(username="editor", password_hash="x", role="editor")
        article = Article(sha256="a" * 64, filename="big.txt", raw=b"x", text="x" * 20, title="Big")
        session.add_all([editor, article])
        session.flush()
        units = [ClaimUnit(article_id=article.id, start=0, end=10, text=f"claim {n}", position=n, checkworthy=0.5)
                 for n in range(1500)]
        session.add_all(units)
        session.flush()
        verdicts = [Verdict(claim_id=unit.id, rating="true", author_id=editor.id) for unit in units]
        session.add_all(verdicts)
        session.flush()
        session.add_all([Publication(claim_id=v.claim_id, verdict_id=v.id, approved_by_id=editor.id)
                         for v in verdicts])
        session.commit()
    engine.dispose()
    return sqlite_env


@pytest.mark.parametrize("kind, noun", [("claims", "claim units"), ("claimreview", "fact-checks"),
                                        ("annotations", "annotations")])
def test_every_export_reports_progress(many_claims, tmp_path, kind, noun):
    out = tmp_path / f"{kind}.out"
    code, _out, err = run(["export", kind, "--out", str(out)], many_claims)
    assert code == 0, err
    assert f"exported 1,000 of 1,500 {noun} (66%)" in err.splitlines()
    assert f"Exported 1,500 {noun} to {out}." in err


# 12. A report range that ends before it starts.

def test_report_refuses_a_range_that_ends_before_it_starts(sqlite_env):
    one_line_error(run(["report", "--from", "2026-02-01", "--to", "2026-01-01"], sqlite_env),
                   "the start date is after the end date")


# 13. Nothing can be restored into an in-memory database.

def test_restore_into_memory_says_so(tmp_path, sqlite_template):
    one_line_error(run(["restore", str(sqlite_template), "--yes"],
                       {"DATABASE_URL": "sqlite://", "FACTCHECK_INSTANCE": str(tmp_path)}),
                   "an in-memory SQLite database cannot be restored into")


# 14. Every group's help has an example too.

GROUPS = [name for name, command in cli.commands.items() if isinstance(command, click.Group)]


@pytest.mark.parametrize("group", GROUPS)
def test_every_group_has_an_example(group):
    result = CliRunner().invoke(cli, [group, "--help"])
    assert result.exit_code == 0 and f"Example: factcheck {group} " in result.output, result.output
