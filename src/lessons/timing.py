"""Where a run's time goes: named stages, timed exclusively (a stage inside another is
not counted twice), recorded only while :func:`recording` is active (``lessons bench``).
Outside a recording a stage costs one ``perf_counter`` call."""
from __future__ import annotations

import time
from collections import defaultdict
from contextlib import contextmanager

_record: dict[str, float] | None = None
_stack: list[list] = []  # [name, start, time spent in nested stages]


@contextmanager
def stage(name: str):
    if _record is None:
        yield
        return
    frame = [name, time.perf_counter(), 0.0]
    _stack.append(frame)
    try:
        yield
    finally:
        _stack.pop()
        spent = time.perf_counter() - frame[1]
        _record[name] += spent - frame[2]
        if _stack:
            _stack[-1][2] += spent


@contextmanager
def recording():
    """``with recording() as seconds:`` fills ``seconds`` (stage -> seconds)."""
    global _record
    prev, _record = _record, defaultdict(float)
    rec = _record
    try:
        yield rec
    finally:
        _record = prev
