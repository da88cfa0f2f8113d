"""A time limit for sympy work that may run long (exact solving, simplification)."""

from __future__ import annotations

import contextlib
import signal
import threading
import time

__all__ = ["time_limit"]


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise TimeoutError after ``seconds`` (main thread on POSIX only; elsewhere no limit).

    A limit inside another keeps the outer one's deadline."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return
    outer_left, _ = signal.getitimer(signal.ITIMER_REAL)

    def _raise(signum, frame):
        raise TimeoutError

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, min(seconds, outer_left) if outer_left > 0 else seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_left > 0:  # the outer limit goes on with what is left of it
            signal.setitimer(signal.ITIMER_REAL, max(outer_left - (time.monotonic() - started), 1e-3))
