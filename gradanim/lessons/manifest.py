"""A variants batch's manifest: each variant's outputs, status, run and error, as JSON and CSV.

Both files are rewritten atomically each time a variant finishes, so at any moment they say
what is done; a batch that is stopped and started again skips what is done (the cache, see
:mod:`gradanim.lessons.batch`) and the manifest fills in the rest.

Statuses: ``pending`` (not finished yet), ``rendered``, ``cached`` (rendered before, same
content hash, outputs present), ``failed`` (the render raised; ``error`` says why) and
``invalid`` (the row was refused; ``error`` lists its problems).
"""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

from ..atomic import atomic_path
from .batch import RenderResult

CSV_COLUMNS = ("row", "name", "status", "outputs", "run_status", "steps", "final_value", "final_point", "error",
               "seconds", "worker", "peak_mb", "key")


class Manifest:
    """The manifest of one batch at ``path`` (``.json``) and beside it (``.csv``)."""

    def __init__(self, path: Path, lesson: str, table: str, variants: list[tuple[str, object]]) -> None:
        """``variants``: (label, Variant) in the table's order; results are matched by label."""
        self.json_path = Path(path).with_suffix(".json")
        self.csv_path = self.json_path.with_suffix(".csv")
        self.lesson, self.table = lesson, table
        self.started = time.time()
        self.entries = {label: {"row": v.row, "name": v.name, "status": "pending", "outputs": [], "run": None,
                                "error": None, "warnings": [], "seconds": None, "worker": None, "peak_mb": None,
                                "key": None}
                        for label, v in variants}
        self.order = [label for label, _ in variants]

    def record(self, result: RenderResult, write: bool = True) -> None:
        entry = self.entries[result.lesson]
        status = "invalid" if result.invalid else "failed" if result.error else "cached" if result.cached else "rendered"
        entry.update(status=status, outputs=list(result.outputs), run=result.run, error=result.error,
                     warnings=list(result.warnings), key=result.key or None,
                     seconds=round(result.seconds, 2) if result.seconds else None, worker=result.worker or None,
                     peak_mb=round(result.peak_mb) if result.peak_mb else None)
        if write:
            self.write()

    def counts(self) -> dict[str, int]:
        counts = {s: 0 for s in ("rendered", "cached", "failed", "invalid", "pending")}
        for entry in self.entries.values():
            counts[entry["status"]] += 1
        return counts

    def write(self) -> None:
        document = {"lesson": self.lesson, "table": self.table, "started": _iso(self.started), "updated": _iso(time.time()),
                    "counts": self.counts(), "variants": [self.entries[n] for n in self.order]}
        with atomic_path(self.json_path) as tmp:
            tmp.write_text(json.dumps(document, indent=1))
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for label in self.order:
            e = self.entries[label]
            run = e["run"] or {}
            writer.writerow([e["row"], e["name"], e["status"], ";".join(e["outputs"]), run.get("status", ""),
                             run.get("steps", ""), _number(run.get("final_value")),
                             " ".join(_number(v) for v in run.get("final_point", ())), e["error"] or "",
                             e["seconds"] or "", e["worker"] or "", e["peak_mb"] or "", e["key"] or ""])
        with atomic_path(self.csv_path) as tmp:
            tmp.write_text(buffer.getvalue())


def _number(value) -> str:
    return "" if value is None else f"{value:.10g}"


def _iso(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(seconds))
