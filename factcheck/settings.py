"""Settings from the environment (PRODUCT.md): shared by the web app and the CLI."""
from __future__ import annotations

import os
import secrets
from pathlib import Path


def instance_path() -> Path:
    """FACTCHECK_INSTANCE, else ./instance in the working directory."""
    return Path(os.environ.get("FACTCHECK_INSTANCE") or Path.cwd() / "instance").resolve()


def database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{instance_path() / 'factcheck.db'}"


def secret_key() -> str:
    """FACTCHECK_SECRET_KEY, else a key generated once and kept in the instance folder."""
    key = os.environ.get("FACTCHECK_SECRET_KEY")
    if key:
        return key
    path = instance_path() / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def https() -> bool:
    return os.environ.get("FACTCHECK_HTTPS", "").lower() in {"1", "true", "yes"}


def base_url() -> str:
    """Where the public site lives, for links in exports (ClaimReview url, annotation ids)."""
    return os.environ.get("FACTCHECK_BASE_URL", "http://127.0.0.1:5000").rstrip("/")


def publisher() -> str:
    """The organisation named as author of published fact-checks."""
    return os.environ.get("FACTCHECK_PUBLISHER", "Fact-check desk")


def proxy_hops() -> int:
    """FACTCHECK_PROXY_HOPS: how many reverse proxies stand in front (trust their X-Forwarded-*)."""
    value = os.environ.get("FACTCHECK_PROXY_HOPS", "0")
    return int(value) if value.isdigit() else 0


def stale_days() -> int:
    """FACTCHECK_STALE_DAYS: days without activity before assigned work counts as stale (default 7)."""
    value = os.environ.get("FACTCHECK_STALE_DAYS", "7")
    return int(value) if value.isdigit() and int(value) > 0 else 7
