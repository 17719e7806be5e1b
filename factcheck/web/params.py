"""Numbers and dates from the URL and forms, checked before they reach the database."""
from __future__ import annotations

from datetime import date

from werkzeug.routing import IntegerConverter

from factcheck.models import MAX_INT


def whole_number(value: str) -> int:
    """For `request.args.get(name, type=whole_number)`: ASCII digits within MAX_INT.

    Anything else raises ValueError, so werkzeug returns the default, as for any value that is
    not a number ("²" passes str.isdigit() but not int(); 10**20 is an int no column holds).
    """
    value = value.strip()
    if not (value.isascii() and value.isdigit()) or int(value) > MAX_INT:
        raise ValueError(f"not a whole number up to {MAX_INT}: {value[:40]!r}")
    return int(value)


class IdConverter(IntegerConverter):
    """`<int:...>` in routes: an id beyond what the database holds is a 404, not a 500."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_INT)
        super().__init__(map, *args, **kwargs)


def date_arg(args, name: str, label: str, notes: list[str]) -> date | None:
    """A YYYY-MM-DD filter from the query string; a value that is not one is left out with a note
    (the pickers send ISO dates, so this is a link typed or cut by hand)."""
    raw = args.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        notes.append(f"“{raw[:40]}” is not a date written YYYY-MM-DD, so the “{label}” filter was left out")
        return None


def choice_arg(args, name: str, label: str, choices, notes: list[str], default: str = "") -> str:
    """One of `choices` from the query string; anything else is left out with a note."""
    raw = args.get(name, "")
    if raw and raw not in choices:
        notes.append(f"“{raw[:40]}” is not a {label} this page knows, so that filter was left out")
        return default
    return raw or default


def published_range(args, notes: list[str]) -> tuple[date | None, date | None]:
    """The "from" and "to" published-date filters of a list page, each checked by date_arg; a
    range that runs backwards is kept as typed, with a note."""
    start = date_arg(args, "from", "published from", notes)
    end = date_arg(args, "to", "published to", notes)
    if start and end and start > end:
        notes.append(f"the dates run backwards ({start.isoformat()} to {end.isoformat()}), so nothing can match")
    return start, end
