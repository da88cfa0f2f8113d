"""The package's layers, read from the source: no import runs back up the chain, not even
inside a function, and no two modules import each other round a cycle.

    core, options, scene_hooks, typst_sandbox, atomic, gif
        <-  render, components (side by side: neither imports the other)
        <-  scene_base, scenes  <-  export  <-  lessons  <-  cli

The scene base classes ask the render seam for camera and renderer and arrange components;
``export`` writes videos and stills of any scene; ``lessons`` turns lesson files into
configured scenes and renders them; the CLI is on top.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "gradanim"

# Layer of each top-level part of the package (and of the repository's scenes/).
LAYERS = {
    "gradanim.core": 0,
    "gradanim.options": 1,
    "gradanim.scene_hooks": 0,
    "gradanim.typst_sandbox": 0,
    "gradanim.atomic": 0,
    "gradanim.gif": 1,
    "gradanim.subtitles": 1,
    "gradanim.render": 2,
    "gradanim.components": 2,
    "gradanim.scene_base": 3,
    "scenes": 4,
    "gradanim.scenes": 4,
    "gradanim.export": 5,
    "gradanim.lessons": 6,
    "gradanim.lesson_files": 6,
    "gradanim.cli": 7,
}
# Side by side in one layer: these may not import each other.
APART = {("gradanim.render", "gradanim.components")}


def part_of(module: str) -> str | None:
    best = None
    for name in LAYERS:
        if module == name or module.startswith(name + "."):
            if best is None or len(name) > len(best):
                best = name
    return best


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    for path in sorted((ROOT / "scenes").glob("*.py")):
        found["scenes." + path.stem] = path
    return found


def imports_of(name: str, path: Path) -> set[str]:
    """Every module ``path`` imports, at any depth of its code (functions included)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            out.add(target)
            for alias in node.names:  # "from . import render" names a module
                out.add(f"{target}.{alias.name}")
    return {m for m in out if m.startswith(("gradanim", "scenes"))}


def known(target: str, names: dict[str, Path]) -> str | None:
    while target:
        if target in names:
            return target
        target = target.rpartition(".")[0]
    return None


def test_no_import_runs_back_up_the_layers():
    names = modules()
    wrong = []
    for name, path in names.items():
        mine = part_of(name)
        for target in imports_of(name, path):
            theirs = part_of(target)
            if mine is None or theirs is None or theirs == mine:
                continue
            if LAYERS[theirs] > LAYERS[mine] or (mine, theirs) in APART or (theirs, mine) in APART:
                wrong.append(f"{name} imports {target}")
    assert not wrong, "\n".join(sorted(wrong))


def test_no_import_cycles():
    names = modules()
    graph = {name: {t for t in (known(i, names) for i in imports_of(name, path)) if t and t != name}
             for name, path in names.items()}
    # A package's __init__ importing its own submodules is not a cycle with them.
    for name in graph:
        graph[name] = {t for t in graph[name] if not t.startswith(name + ".")}
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert not cycles, "\n".join(cycles)
