"""A batch's live progress line (rich): done, running, failed, cached, and time left.

Time left is the wall time per job finished so far in this run (renders, not cache hits)
times the jobs still to finish: it counts the workers' parallelism as it was, so it holds
on a cluster as on one machine. "Running" is the jobs the engine has that are not finished,
up to the number of worker slots.
"""

from __future__ import annotations

import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn
from rich.text import Text

from .batch import RenderResult


class _TimeLeft(ProgressColumn):
    def __init__(self, progress: BatchProgress):
        super().__init__()
        self.owner = progress

    def render(self, task) -> Text:
        left = self.owner.seconds_left()
        if left is None:
            return Text("left --:--", style="progress.remaining")
        minutes, seconds = divmod(int(left + 0.5), 60)
        hours, minutes = divmod(minutes, 60)
        shown = f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"
        return Text(f"left {shown}", style="progress.remaining")


class BatchProgress:
    """``with BatchProgress(total) as p:`` then ``p.start(to_render, slots)`` and
    ``p.done(result)`` as they come (the engine's callbacks)."""

    def __init__(self, total: int, console: Console | None = None, label: str = "rendering"):
        self.total = total
        self.counts = {"done": 0, "failed": 0, "cached": 0}
        self.to_render = total
        self.slots = 1
        self.renders_finished = 0
        self.started: float | None = None
        self.progress = Progress(TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("[green]{task.fields[done]} done[/] [cyan]{task.fields[running]} running[/] "
                                            "[red]{task.fields[failed]} failed[/] {task.fields[cached]} cached"),
                                 TimeElapsedColumn(), _TimeLeft(self),
                                 console=console or Console(stderr=True), transient=True)
        self.task = self.progress.add_task(label, total=total, done=0, running=0, failed=0, cached=0)

    def __enter__(self) -> BatchProgress:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.__exit__(*exc)

    def start(self, to_render: int, slots: int) -> None:
        self.to_render, self.slots = to_render, max(1, slots)
        self.started = time.monotonic()
        self._update()

    def done(self, result: RenderResult) -> None:
        if result.cached:
            self.counts["cached"] += 1
        elif result.error:
            self.counts["failed"] += 1
        else:
            self.counts["done"] += 1
        if not result.cached and not result.invalid:
            self.renders_finished += 1
        self.progress.advance(self.task)
        self._update()

    def running(self) -> int:
        if self.started is None:
            return 0
        return min(self.slots, self.to_render - self.renders_finished)

    def seconds_left(self) -> float | None:
        if self.started is None or not self.renders_finished:
            return None
        per_job = (time.monotonic() - self.started) / self.renders_finished
        return per_job * (self.to_render - self.renders_finished)

    def _update(self) -> None:
        self.progress.update(self.task, running=self.running(), **self.counts)
