"""Schema migrations with Alembic, configured in code (no alembic.ini needed)."""
from __future__ import annotations

from collections.abc import Iterable

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from factcheck.paths import PACKAGE_DIR


class NewerSchemaError(RuntimeError):
    """The database is at a revision our migrations do not have: a newer factcheck made it."""

    def __init__(self, revision: str, what: str = "the database"):
        super().__init__(f"{what} was made by a newer version of factcheck (revision {revision}); "
                         "install that version")
        self.revision = revision


def alembic_config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(PACKAGE_DIR / "migrations"))
    if engine is not None:
        config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def known_revisions() -> set[str]:
    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def unknown_revision(revisions: Iterable[str]) -> str | None:
    """The first of these revisions that our migrations do not have, or None."""
    known = known_revisions()
    return next((revision for revision in revisions if revision not in known), None)


def check_known(engine: Engine) -> None:
    """Raise NewerSchemaError when a newer factcheck migrated this database."""
    with engine.connect() as connection:
        revision = unknown_revision(MigrationContext.configure(connection).get_current_heads())
    if revision:
        raise NewerSchemaError(revision)


def upgrade(engine: Engine, revision: str = "head") -> None:
    check_known(engine)  # alembic would only say it "can't locate revision"
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def is_current(engine: Engine) -> bool:
    """True when the schema is at the newest migration."""
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() == head
