"""Typst documents from other people's files, compiled in a child process under limits.

Typst markup and math can run Typst code (``#range(100000000).map(x => x).len()`` takes
gigabytes), and a lesson file is someone else's text. :func:`compile_limited` compiles
documents in a fresh Python process (``python -I``) that first caps its own address space
and CPU time (``resource.setrlimit``) and is killed after a wall-clock limit; a document
that goes over a limit raises :class:`TypstLimitError` naming it. The child reads no file:
its Typst project root is an empty directory.

A child has to start Python, the typst module and the system's fonts, so lessons' sources
are compiled together, one child per lesson.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from dataclasses import dataclass

MEMORY_BYTES = 512 * 2**20
"""Address space of the child (Python and the typst module take a fifth of it)."""
CPU_SECONDS = 5
"""CPU time of the child."""
WALL_SECONDS = 15.0
"""Wall-clock time before the child is killed (the machine may be busy)."""

_CHILD = r"""
import json, resource, sys, tempfile
limits = json.loads(sys.stdin.readline())
resource.setrlimit(resource.RLIMIT_AS, (limits["memory"], limits["memory"]))
resource.setrlimit(resource.RLIMIT_CPU, (limits["cpu"], limits["cpu"] + 1))
import typst
compiler = typst.Compiler(root=tempfile.mkdtemp(prefix="gradanim-typst-"))
for line in sys.stdin:
    source = json.loads(line)
    try:
        compiler.compile(input=source.encode("utf-8"), format="svg")
        result = {"ok": True}
    except typst.TypstError as error:
        result = {"ok": False, "message": getattr(error, "message", "") or str(error),
                  "diagnostic": getattr(error, "diagnostic", "") or ""}
    except Exception as error:
        result = {"ok": False, "message": f"{type(error).__name__}: {error}", "diagnostic": ""}
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
"""


class TypstLimitError(Exception):
    """A document went over the child's limits; ``index`` is its position in the batch."""

    def __init__(self, index: int, what: str):
        self.index = index
        self.what = what
        super().__init__(what)


@dataclass(frozen=True)
class Failure:
    """Typst's own error for one document (the attributes of ``typst.TypstError`` that
    :func:`gradanim.components.typst_import._explain` reads)."""

    message: str
    diagnostic: str

    def __str__(self) -> str:
        return self.message


def compile_limited(documents: list[str], *, memory: int | None = None, cpu: int | None = None,
                    wall: float | None = None) -> list[Failure | None]:
    """Compile each complete Typst document to SVG in one limited child process (limits:
    :data:`MEMORY_BYTES`, :data:`CPU_SECONDS`, :data:`WALL_SECONDS` unless given).

    Returns, per document, None when it compiles or Typst's :class:`Failure`. Raises
    :class:`TypstLimitError` (with the document's index) for the document during which the
    child ran out of memory, CPU time or wall-clock time.
    """
    if not documents:
        return []
    memory = MEMORY_BYTES if memory is None else memory
    cpu = CPU_SECONDS if cpu is None else cpu
    wall = WALL_SECONDS if wall is None else wall
    feed = json.dumps({"memory": int(memory), "cpu": int(cpu)}) + "\n"
    feed += "".join(json.dumps(d) + "\n" for d in documents)
    try:
        done = subprocess.run([sys.executable, "-I", "-c", _CHILD], input=feed, capture_output=True, text=True,
                              timeout=wall)
        output, code = done.stdout, done.returncode
    except subprocess.TimeoutExpired as expired:
        output = expired.stdout.decode() if isinstance(expired.stdout, bytes) else (expired.stdout or "")
        code = None
    results = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    if len(results) < len(documents):
        raise TypstLimitError(len(results), _limit_reached(code, memory, cpu, wall))
    return [None if r["ok"] else Failure(r["message"], r["diagnostic"]) for r in results]


def _limit_reached(code: int | None, memory: int, cpu: int, wall: float) -> str:
    if code is None:
        return f"it took longer than {wall:g} s"
    if code in (-signal.SIGXCPU, -signal.SIGKILL):
        return f"it took more than {cpu} s of CPU time"
    if code in (-signal.SIGABRT, -signal.SIGSEGV, 1, -signal.SIGBUS):
        return f"it needed more than {memory / 2**20:.0f} MB of memory"
    return f"Typst stopped (exit status {code})"
