"""Numbers from the URL and forms, checked before they reach the database."""
from __future__ import annotations

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
