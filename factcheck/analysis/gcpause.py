"""Pausing the cyclic garbage collector for one call that makes many small objects."""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """analyze() and trace() make tens of thousands of small objects and no reference cycles:
    the collector would walk them again and again (a third of analyze()'s time on the
    benchmark), finding nothing. It runs again, as before, once the call returns."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
