"""The factcheck command: a thin click layer over the services and the analysis core."""
from __future__ import annotations

import errno
import json
import os
import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import click
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlmodel import Session, select

from factcheck import __version__, compiled, settings
from factcheck.analysis import InputError, analyze_bytes
from factcheck.db import DatabaseURLError, make_engine
from factcheck.models import MAX_INT, User
from factcheck.services.articles import read_file, readable

DEMO_USERS = (("checker", "fact-checker"), ("editor", "editor"), ("admin", "admin"))


def fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def echo(message: str = "", *, nl: bool = True) -> None:
    """click.echo to standard output; a failed write (disk full, closed pipe) ends in one line."""
    try:
        click.echo(message, nl=nl)
    except OSError as exc:
        stdout_failed(exc)


def stdout_failed(exc: OSError) -> None:
    # Python flushes stdout once more at exit; aim it at /dev/null so that flush cannot fail too.
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    fail(f"cannot write standard output: {exc.strerror or exc}")


class ArgumentRefused(click.UsageError):
    """An argument that cannot be used, said in one line (click's own errors add the usage)."""

    def show(self, file=None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


class UTF8Text(click.ParamType):
    """A string argument. Bytes that are not UTF-8 reach Python as lone surrogates, which no
    database or output takes, so they are refused here."""

    name = "text"

    def convert(self, value, param, ctx):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ArgumentRefused(f"{param.get_error_hint(ctx)} is not valid UTF-8 text") from None
        return value


class Whole(click.ParamType):
    """An integer from low to high, both included."""

    name = "integer"

    def __init__(self, low: int, high: int):
        self.low, self.high = low, high

    def convert(self, value, param, ctx):
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if number is None or not self.low <= number <= self.high:
            raise ArgumentRefused(f"{param.get_error_hint(ctx)} must be a whole number from {self.low} to {self.high}")
        return number


TEXT = UTF8Text()
PORT = Whole(1, 65535)
ROW_ID = Whole(1, MAX_INT)


@contextmanager
def database(*, migrate: bool = False):
    """A session on DATABASE_URL; a bad URL or an unreachable server ends with a clear message."""
    from factcheck import migrate as migrations

    url = settings.database_url()
    try:
        engine = make_engine(url)
        if migrate:
            migrations.upgrade(engine)
        else:
            migrations.check_known(engine)
            if not migrations.is_current(engine):
                fail("the database schema is missing or old; run `factcheck db upgrade` first")
        with Session(engine, expire_on_commit=False) as session:
            yield session
    except (DatabaseURLError, migrations.NewerSchemaError) as exc:
        fail(str(exc))
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        fail(f"cannot use the database at {_safe_url(url)}: {reason}. "
             "Check DATABASE_URL and that the server is running.")


def _safe_url(url: str) -> str:
    try:
        return make_engine(url).url.render_as_string(hide_password=True)
    except DatabaseURLError:
        return url


def _date(_ctx, _param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD, e.g. 2026-01-16") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="factcheck",
                      message="%(prog)s %(version)s\n" + compiled.summary())
def cli():
    """factcheck: provenance and fact-check annotation for newsrooms.

    Settings come from the environment: DATABASE_URL (default: SQLite in the instance
    folder), FACTCHECK_INSTANCE (the instance folder, default ./instance) and
    FACTCHECK_SECRET_KEY (default: generated once into the instance folder).

    Example: factcheck demo --port 5000
    """


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, type=TEXT, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=PORT, help="Port to listen on, 1 to 65535.")
@click.option("--no-serve", is_flag=True, help="Set everything up, print the logins, and exit.")
def demo(host: str, port: int, no_serve: bool):
    """Set up a local demo and serve it until Ctrl-C.

    Creates the database (SQLite in the instance folder unless DATABASE_URL says
    otherwise), runs migrations, imports the demo articles shipped in data/, and
    creates or resets three accounts (fact-checker, editor, admin) with new
    passwords, printed here.

    Example: factcheck demo --port 5000
    """
    from factcheck.services import demo as demo_service

    with database(migrate=True) as session:
        result = demo_service.load(session)
        logins = demo_service.reset_accounts(session, DEMO_USERS)
        seeded = demo_service.seed_work(session, {role: session.exec(select(User).where(User.username == name)).one()
                                                  for name, role, _ in logins})
    echo(f"Database: {_safe_url(settings.database_url())}")
    echo(f"Demo articles: {result.imported} imported, {result.existing} already there."
         + (" Sample work recorded (sources, verdicts, a published fact-check)." if seeded else ""))
    for problem in result.problems:
        click.echo(f"  skipped {problem}", err=True)
    echo("Logins (passwords are new each time you run demo):")
    for username, role, password in logins:
        echo(f"  {role:<13} {username:<8} {password}")
    if no_serve:
        return
    echo(f"Open http://{host}:{port}/ and log in. Ctrl-C stops the server.")
    _serve(host, port, workers=0)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, type=TEXT, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=PORT, help="Port to listen on, 1 to 65535.")
@click.option("--workers", default=0, type=int,
              help="Run under gunicorn with N worker processes (production). 0: the built-in server.")
def serve(host: str, port: int, workers: int):
    """Serve the web app.

    Example: factcheck serve --host 0.0.0.0 --port 8000 --workers 4
    """
    with database():
        pass
    _serve(host, port, workers=workers)


def _serve(host: str, port: int, *, workers: int) -> None:
    from factcheck.web import create_app

    if workers > 0:
        from gunicorn.app.base import BaseApplication

        class Server(BaseApplication):
            def load_config(self):
                self.cfg.set("bind", f"{host}:{port}")
                self.cfg.set("workers", workers)
                self.cfg.set("accesslog", "-")
                # gunicorn 25+ otherwise writes a control socket into $XDG_RUNTIME_DIR or ~/.gunicorn.
                self.cfg.set("control_socket_disable", True)

            def load(self):
                return create_app()

        Server().run()
        return
    create_app().run(host=host, port=port, debug=False, threaded=True, use_reloader=False)


@cli.group("db")
def db_group():
    """Database schema commands: create or migrate the tables (Alembic).

    Example: factcheck db upgrade
    """


@db_group.command("upgrade")
def db_upgrade():
    """Create the schema or migrate it to the newest version (Alembic).

    Example: DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/factcheck factcheck db upgrade
    """
    with database(migrate=True):
        pass
    echo(f"Schema is up to date at {_safe_url(settings.database_url())}.")


@cli.group("user")
def user_group():
    """Account commands: create, list, disable, enable, and set passwords for fact-checkers, editors and admins.

    Example: factcheck user list --json
    """


def _password(from_stdin: bool, prompt: str) -> str:
    """The password from the first line of standard input, or asked for twice."""
    try:
        if from_stdin:
            # Bytes, decoded here: the password must be UTF-8 whatever the locale says.
            return sys.stdin.buffer.readline().decode("utf-8").rstrip("\r\n")
        return click.prompt(prompt, hide_input=True, confirmation_prompt=True)
    except UnicodeDecodeError:
        fail("the password is not valid UTF-8 text")


@user_group.command("create")
@click.argument("name", type=TEXT)
@click.option("--role", required=True, type=click.Choice(["fact-checker", "editor", "admin"]),
              help="What the account may do.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def user_create(name: str, role: str, password_stdin: bool):
    """Create an account. Asks for the password unless --password-stdin is given.

    Example: echo 'a long passphrase' | factcheck user create maria --role editor --password-stdin
    """
    from factcheck.services import users

    password = _password(password_stdin, "Password")
    with database() as session:
        try:
            user = users.create(session, username=name, password=password, role=role)
        except users.UserError as exc:
            fail(str(exc))
    echo(f"Created {user.role} {user.username} (id {user.id}).")


@user_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
def user_list(as_json: bool):
    """List every account with its role and whether it is disabled.

    Example: factcheck user list --json
    """
    from factcheck.services import users

    with database() as session:
        accounts = users.list_users(session)
    if as_json:
        echo(json.dumps([{"id": u.id, "username": u.username, "role": u.role, "disabled": u.disabled,
                          "created_at": u.created_at.isoformat()} for u in accounts], indent=2))
        return
    for user in accounts:
        status = "disabled" if user.disabled else "active"
        echo(f"{user.username:<24} {user.role:<13} {status:<9} created {user.created_at:%Y-%m-%d}")


def _set_disabled(name: str, disabled: bool) -> None:
    from factcheck.services import users

    with database() as session:
        try:
            users.set_disabled(session, user=users.get_by_username(session, name), disabled=disabled)
        except users.UserError as exc:
            fail(str(exc))
    echo(f"{name} is {'disabled; their sessions end at their next request' if disabled else 'enabled'}.")


@user_group.command("disable")
@click.argument("name", type=TEXT)
def user_disable(name: str):
    """Disable an account: it can no longer log in, and its open sessions end.

    Example: factcheck user disable maria
    """
    _set_disabled(name, True)


@user_group.command("enable")
@click.argument("name", type=TEXT)
def user_enable(name: str):
    """Enable a disabled account again (its password is unchanged).

    Example: factcheck user enable maria
    """
    _set_disabled(name, False)


@user_group.command("set-password")
@click.argument("name", type=TEXT)
@click.option("--password-stdin", is_flag=True, help="Read the new password from standard input.")
def user_set_password(name: str, password_stdin: bool):
    """Give an account a new password. Asks for it unless --password-stdin is given.

    Example: echo 'another long passphrase' | factcheck user set-password maria --password-stdin
    """
    from factcheck.services import users

    password = _password(password_stdin, "New password")
    with database() as session:
        try:
            users.set_password(session, user=users.get_by_username(session, name), password=password)
        except users.UserError as exc:
            fail(str(exc))
    echo(f"New password set for {name}.")


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with every result.")
@click.option("--published", callback=_date, help="Published date for all files, YYYY-MM-DD.")
@click.option("--outlet", type=TEXT, help="Outlet name for all files.")
def import_command(paths: tuple[Path, ...], as_json: bool, published: date | None, outlet: str | None):
    """Import .txt, .md and .html files (the first line of a .txt is its title).

    Prints the new article ids. A file that cannot be imported (missing, not a regular file,
    unreadable, not an article) is named with the reason and skipped; the others are still
    imported; the exit code is 1 if any failed. A file name that is not UTF-8 is stored with
    U+FFFD for the bad bytes, and its line says so.

    Example: factcheck import data/*.txt data/*.html --json
    """
    from factcheck.services import articles

    results = []
    failed = 0
    with database() as session:
        for path in paths:
            name = readable(str(path))
            try:
                result = articles.import_path(session, path, actor=None, published=published, outlet=outlet)
            except InputError as exc:
                session.rollback()
                failed += 1
                results.append({"file": name, "status": "error", "error": str(exc)})
                if not as_json:
                    click.echo(f"error: {name}: {exc}", err=True)
                continue
            status = "imported" if result.created else "duplicate"
            results.append({"file": name, "status": status, "article_id": result.article.id,
                            "claims": len(articles.claim_units(session, result.article.id)),
                            **({"notes": result.notes} if result.notes else {})})
            if not as_json:
                notes = [] if result.created else ["already imported: same bytes"]
                echo(f"{result.article.id}\t{name}" + "".join(f" ({note})" for note in notes + result.notes))
    if as_json:
        echo(json.dumps({"results": results}, ensure_ascii=False, indent=2))
    sys.exit(1 if failed else 0)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the full analysis as JSON (factcheck.analysis/1).")
@click.option("--published", callback=_date, help="Published date, YYYY-MM-DD; resolves relative dates.")
def analyze(path: Path, as_json: bool, published: date | None):
    """Analyse one file without any database and print the result.

    Example: factcheck analyze data/aggregator-ai-disclosed.txt --published 2026-01-16 --json
    """
    try:
        analysis = analyze_bytes(read_file(path, limit=None), filename=readable(path.name), published=published)
    except InputError as exc:
        fail(f"{readable(str(path))}: {exc}")
    if as_json:
        echo(json.dumps(analysis.to_dict(), ensure_ascii=False, indent=2))
    else:
        echo(analysis.summary())


@cli.group("audit")
def audit_group():
    """Audit trail commands: check that nobody rewrote history.

    Example: factcheck audit verify --head HASH
    """


def _head_hash(_ctx, _param, value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().lower()
    if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
        raise click.BadParameter("give the 64-character hash `factcheck audit verify` printed as the head")
    return value


@audit_group.command("verify")
@click.option("--head", "anchor", callback=_head_hash, metavar="HASH",
              help="A head hash printed by an earlier run and kept outside the database: "
                   "fail unless that event is still in the chain.")
def audit_verify(anchor: str | None):
    """Check the audit hash chain and its head. Exits 1 naming the first broken event.

    Prints the head hash (the newest event's). Keep it somewhere the database's users
    cannot write (a ticket, a signed e-mail, a printout): a later `--head HASH` proves
    nothing up to that event was removed or rewritten, even by someone who recomputed the
    chain and the head inside the database.

    Example: factcheck audit verify | tee -a ~/audit-heads.log   (later: factcheck audit verify --head HASH)
    """
    from factcheck.services import audit

    with database() as session:
        result = audit.check(session, anchor=anchor)
    broken = result.broken
    if broken:
        where = f" at event {broken.event_id}" if broken.event_id is not None else ""
        fail(f"audit chain broken{where}: {broken.reason} ({result.checked} events before it are intact)")
    echo(f"Audit chain intact: {result.checked} events."
         + (" The recorded head is still in the chain." if anchor else ""))
    echo(f"Head: {result.head_hash}"
         + (f" (event {result.head_event_id})" if result.head_event_id is not None else " (no events yet)"))


@cli.group("export")
def export_group():
    """Streaming exports: audit trail and claims as CSV, ClaimReview and Web Annotation JSON-LD.

    Example: factcheck export claims --out claims.csv
    """


@export_group.command("audit")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (replaced only once complete). Default: standard output.")
@click.option("--from", "date_from", callback=_date, help="First day, YYYY-MM-DD (UTC), included.")
@click.option("--to", "date_to", callback=_date, help="Last day, YYYY-MM-DD (UTC), included.")
@click.option("--user", "username", type=TEXT, help="Only events by this username.")
@click.option("--article", "article_id", type=ROW_ID, help="Only events about this article id.")
@click.option("--action", type=TEXT, help="Only this action, e.g. import, verdict, export.")
def export_audit(out: Path | None, date_from: date | None, date_to: date | None, username: str | None,
                 article_id: int | None, action: str | None):
    """Export the audit trail as CSV (UTF-8, RFC 4180), streamed in constant memory.

    Cells a spreadsheet would run as a formula start with a single quote. Progress goes to
    stderr for large exports; the export itself is recorded in the audit trail.

    Example: factcheck export audit --from 2026-01-16 --to 2026-01-16 --out audit-2026-01-16.csv
    """
    from factcheck.services import exports

    def produce(session):
        try:
            filters = exports.AuditFilters(date_from=date_from, date_to=date_to, username=username,
                                           article_id=article_id, action=action)
            return exports.export_audit(session, filters=filters, actor=None, via="cli")
        except exports.ExportError as exc:
            fail(str(exc))

    _write_stream(out, produce, "audit events", unit="events")


PROGRESS_MIN = 1000


def _write_stream(out: Path | None, produce, noun: str, *, unit: str | None = None) -> None:
    """Write an export's chunks to --out or standard output, with progress on stderr.

    A regular file or a new path is written aside and replaced only once complete; a symlink's
    file is written (the link stays); a device or FIFO is written straight into (backup.write_plan).
    """
    from factcheck.services.backup import write_plan

    name = readable(str(out)) if out else "standard output"
    handle = partial = None
    if out:
        try:
            real, partial = write_plan(out)
        except OSError as exc:
            fail(f"cannot write {readable(exc.filename or name)}: {exc.strerror or exc}")
        try:
            handle = open(partial or real, "w", encoding="utf-8", newline="")
        except OSError as exc:
            fail(f"cannot write {name}: {exc.strerror or exc}")
    try:
        with database() as session:
            export = produce(session)
            shown = 0
            for chunk in export.chunks:
                if handle:
                    handle.write(chunk)
                else:
                    sys.stdout.buffer.write(chunk.encode("utf-8"))
                # Progress on stderr for large exports: about every 5%.
                if export.rows > PROGRESS_MIN and export.sent - shown >= max(PROGRESS_MIN, export.rows // 20):
                    shown = export.sent
                    click.echo(f"exported {shown:,} of {export.rows:,} {unit or noun} "
                               f"({100 * shown // export.rows}%)", err=True)
        if handle:
            handle.close()
            if partial:
                os.replace(partial, real)
        else:
            sys.stdout.buffer.flush()
    except OSError as exc:
        if not out:
            stdout_failed(exc)
        fail(f"cannot write {name}: {exc.strerror or exc}")
    finally:
        if handle and not handle.closed:
            try:
                handle.close()
            except OSError:
                pass  # the write failed already, and that is what the error says
        if partial:
            partial.unlink(missing_ok=True)
    click.echo(f"Exported {export.rows:,} {noun}{f' to {name}' if out else ''}.", err=True)


OUT_OPTION = click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
                          help="Write to this file (replaced only once complete). Default: standard output.")


@export_group.command("claims")
@OUT_OPTION
def export_claims(out: Path | None):
    """Export every claim unit as CSV: article, offsets, text, score, latest verdict, sources, flags, assignee.

    Same injection-safe CSV rules as the audit export (UTF-8, RFC 4180, formula cells neutralized).
    Flags are the report's, with `stale` after FACTCHECK_STALE_DAYS days (default 7).

    Example: factcheck export claims --out claims.csv
    """
    from factcheck.services import claim_exports

    _write_stream(out, lambda session: claim_exports.export_claims(session, actor=None, via="cli",
                                                                   stale_days=settings.stale_days()), "claim units")


@export_group.command("claimreview")
@OUT_OPTION
def export_claimreview(out: Path | None):
    """Export published fact-checks as schema.org ClaimReview JSON-LD (a JSON array).

    Links point at FACTCHECK_BASE_URL (default http://127.0.0.1:5000); the author is
    FACTCHECK_PUBLISHER.

    Example: FACTCHECK_BASE_URL=https://factcheck.example factcheck export claimreview --out claimreview.json
    """
    from factcheck.services import claim_exports

    _write_stream(out, lambda session: claim_exports.export_claimreview(
        session, actor=None, via="cli", base_url=settings.base_url(), publisher=settings.publisher()),
        "fact-checks")


@export_group.command("annotations")
@OUT_OPTION
def export_annotations(out: Path | None):
    """Export one W3C Web Annotation per claim with a verdict (an AnnotationCollection, JSON-LD).

    Each targets its article with a TextQuoteSelector and a TextPositionSelector into the stored text.

    Example: factcheck export annotations --out annotations.jsonld
    """
    from factcheck.services import claim_exports

    _write_stream(out, lambda session: claim_exports.export_annotations(
        session, actor=None, via="cli", base_url=settings.base_url()), "annotations")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (factcheck.report/1).")
@click.option("--csv", "as_csv", is_flag=True, help="Print the figures as CSV rows: section,key,value.")
@click.option("--outlet", default="", type=TEXT, help="Only articles from this outlet.")
@click.option("--from", "date_from", callback=_date, help="Only articles published on or after, YYYY-MM-DD.")
@click.option("--to", "date_to", callback=_date, help="Only articles published on or before, YYYY-MM-DD.")
@click.option("--flag", default="", type=TEXT, help="Only follow-up items with this flag.")
def report(as_json: bool, as_csv: bool, outlet: str, date_from: date | None, date_to: date | None, flag: str):
    """The editorial report: totals, AI-generated content with evidence, the follow-up queue.

    Prints the same figures as the Report page.

    Example: factcheck report --json > report.json
    """
    from factcheck.services import reports

    if as_json and as_csv:
        fail("choose one of --json and --csv")
    if date_from and date_to and date_from > date_to:
        fail("the start date is after the end date")  # as export audit says it
    with database() as session:
        try:
            built = reports.build(session, stale_days=settings.stale_days(), filters=reports.ReportFilter(
                date_from=date_from, date_to=date_to, outlet=outlet, flag=flag))
        except reports.ReportError as exc:
            fail(str(exc))
    data = built.to_dict()
    if as_json:
        echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif as_csv:
        from factcheck.services.exports import Column, csv_stream

        columns: tuple[Column, ...] = (("section", lambda r: r[0]), ("key", lambda r: r[1]), ("value", lambda r: r[2]))
        echo("".join(csv_stream(reports.figures(built), columns)), nl=False)
    else:
        echo(reports.render_text(built))


@cli.command("trace")
@click.argument("article", type=click.Path(path_type=Path))
@click.option("--origin", "origins", multiple=True, type=click.Path(path_type=Path),
              help="An origin document (.txt, .md or .html) the article was derived from; repeat for more.")
@click.option("--json", "as_json", is_flag=True, help="Print the trace as JSON (factcheck.trace/1).")
@click.option("--published", callback=_date, help="The article's published date, YYYY-MM-DD; resolves relative dates.")
def trace_command(article: Path, origins: tuple[Path, ...], as_json: bool, published: date | None):
    """Align each claim of ARTICLE with its origin documents, without any database.

    Each claim comes out supported, changed (a number, amount, percentage, date, name or
    quantity word differs from the origin; both sides are printed) or unsupported (no origin
    passage says it). Offsets in the JSON index each document's normalized text, as
    `factcheck analyze` gives it; origins are numbered from 0 in the order given.

    Example: factcheck trace data/leaked-chatbot.txt --origin data/origins/leaked-chatbot/origin-1.txt --published 2026-02-02
    """
    from factcheck.provenance import trace as trace_claims

    if not origins:
        fail("give at least one origin document with --origin FILE")
    analyses = []
    for i, path in enumerate((article, *origins)):
        try:
            analyses.append(analyze_bytes(read_file(path, limit=None), filename=readable(path.name),
                                          published=published if i == 0 else None))
        except InputError as exc:
            fail(f"{readable(str(path))}: {exc}")
    result = trace_claims(analyses[0], analyses[1:])
    if as_json:
        echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        echo(result.summary(origin_names=[readable(str(p)) for p in origins]))


@cli.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(target: Path):
    """Back up the database to a file (SQLite online backup, or pg_dump for PostgreSQL).

    Safe while the server runs. The file is written aside and moved into place when complete;
    missing folders are made. A symlink's file is replaced (the link stays); a device or FIFO
    is written straight into.

    Example: factcheck backup backups/factcheck-2026-01-16.db
    """
    from factcheck.services import backup

    with database() as session:
        engine = session.get_bind()
        try:
            backup.backup(engine, target)
        except backup.BackupError as exc:
            fail(str(exc))
        except OSError as exc:
            fail(f"cannot write {readable(exc.filename or str(target))}: {exc.strerror or exc}")
    echo(f"Backed up {_safe_url(settings.database_url())} to {readable(str(target))}.")


@cli.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(source: Path, yes: bool):
    """Replace the database's contents with a backup made by `factcheck backup`.

    Stop the server first. Afterwards run `factcheck audit verify`.

    Example: factcheck restore backups/factcheck-2026-01-16.db --yes
    """
    from factcheck import migrate
    from factcheck.services import backup

    url = settings.database_url()
    if not yes and not click.confirm(f"Replace everything in {_safe_url(url)} with {readable(str(source))}?"):
        fail("nothing restored")
    try:
        engine = make_engine(url)
        backup.restore(engine, source)
        current = migrate.is_current(engine)
    except DatabaseURLError as exc:
        fail(str(exc))
    except backup.BackupError as exc:
        fail(str(exc))
    except OperationalError as exc:
        fail(f"cannot use the database at {_safe_url(url)}: {str(exc.orig or exc).strip().splitlines()[0]}")
    echo(f"Restored {readable(str(source))} into {_safe_url(url)}."
         + ("" if current else " The backup is from an older version: run `factcheck db upgrade`."))


def main() -> None:
    try:
        cli(prog_name="factcheck")
    except SQLAlchemyError as exc:
        fail(f"database error: {str(exc).splitlines()[0]}")
    except OSError as exc:
        # Files are opened, read and written under their own messages; a write error with no
        # file name left over is click's own output (--help) to a standard output that refused it.
        if exc.filename is None and exc.errno in (errno.ENOSPC, errno.EPIPE, errno.EIO, errno.EFBIG):
            stdout_failed(exc)
        raise


if __name__ == "__main__":
    main()
