"""The shape of ``canvas/``'s imports: no cycle, no hidden import, Streamlit only in the UI.

Issue 23 point 6: three cycles (``ui/projector_views`` and ``ui/evidence_present``,
``ui/profile_editor`` and ``ui/risk_panel``, ``export/tables`` and
``export/evidence_tables``) were hidden by imports written inside functions, where Python
resolves them late and no reader sees them at the top of the file. This test reads every
module of ``canvas/`` with :mod:`ast` (nothing is imported, so it costs no start-up time):

* the import graph, counting imports inside functions too, has no cycle (``if
  TYPE_CHECKING:`` blocks do not count: they never run). An edge goes to the module an
  import names: ``from canvas.ui import session`` is an edge to ``canvas.ui.shell.session``
  (a submodule) and ``from canvas.store import StoreError`` one to ``canvas.store``
  (the package's ``__init__``);
* an import inside a function is only for a module outside ``canvas`` (an optional heavy
  dependency such as kaleido, docx or openpyxl, loaded when a file is produced rather than
  when the first page starts), with a comment on its line or the line above saying so;
* no module outside ``canvas/ui/`` imports Streamlit.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "canvas"


#: Parts of canvas that are themselves an optional heavy dependency: the PostgreSQL backend
#: (psycopg, Alembic, SQLAlchemy), loaded only by a server whose store is a database.
OPTIONAL_BACKENDS = ("canvas.store.postgres",)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return ((isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
            or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"))


def _imports(tree: ast.AST):
    """Every import statement that can run, with whether it sits inside a function."""
    def walk(node, in_function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    yield from walk_one(other, in_function)
                continue
            yield from walk_one(child, in_function)

    def walk_one(node, in_function):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node, in_function
            return
        if isinstance(node, ast.If) and _is_type_checking(node):
            for other in node.orelse:
                yield from walk_one(other, in_function)
            return
        inner = in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                 ast.Lambda))
        yield from walk(node, inner)

    yield from walk(tree, False)


def _targets(node, module: str, path: Path, modules: dict[str, Path]) -> list[str]:
    """The modules one import statement names (absolute names, whatever the package)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        base = package[:len(package) - (node.level - 1)]
        source = ".".join(base + ([node.module] if node.module else []))
    else:
        source = node.module or ""
    targets = []
    for alias in node.names:
        submodule = f"{source}.{alias.name}"
        targets.append(submodule if submodule in modules else source)
    return targets


def _scan():
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    inside: list[tuple] = []  # (where, line, imported module, lines of its file, path)
    streamlit: list[str] = []
    for name, path in modules.items():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for node, in_function in _imports(ast.parse(text, filename=str(path))):
            targets = _targets(node, name, path, modules)
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            for target in targets:
                if target in modules and target != name:
                    graph[name].add(target)
                if target.split(".")[0] == "streamlit" and not name.startswith("canvas.ui"):
                    streamlit.append(f"{where} imports {target}")
            if in_function:
                for target in dict.fromkeys(targets):
                    inside.append((where, node.lineno, target, lines, path))
    return graph, inside, streamlit


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through every strongly connected group of modules (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def connect(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)

    cycles = []
    for group in groups:
        members = set(group)
        # The shortest way back from the group's first module to itself.
        start = group[0]
        paths = {start: [start]}
        frontier = [start]
        found = None
        while frontier and found is None:
            following = []
            for node in frontier:
                for target in sorted(graph[node] & members):
                    if target == start:
                        found = paths[node] + [start]
                        break
                    if target not in paths:
                        paths[target] = paths[node] + [target]
                        following.append(target)
                if found:
                    break
            frontier = following
        cycles.append(found)
    return cycles


def _commented(lines: list[str], line: int) -> bool:
    """A comment on the import's line, or on the line above it or above the imports
    grouped with it (one comment may speak for ``from fpdf import ...`` and its siblings)."""
    if " #" in lines[line - 1]:
        return True
    above = line - 2
    while above >= 0 and lines[above].strip().startswith(("from ", "import ")):
        if " #" in lines[above]:
            return True
        above -= 1
    return above >= 0 and lines[above].strip().startswith("#")


def test_the_import_graph_has_no_cycle():
    graph, _inside, _streamlit = _scan()
    cycles = _cycles(graph)
    assert cycles == [], "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_imports_inside_functions_are_only_commented_optional_dependencies():
    _graph, inside, _streamlit = _scan()
    offenders = []
    for where, line, target, lines, _path in inside:
        if target.split(".")[0] == "canvas" and not target.startswith(OPTIONAL_BACKENDS):
            offenders.append(f"{where}: {target} is part of canvas: import it at the top")
            continue
        if not _commented(lines, line):
            offenders.append(f"{where}: {target} inside a function without a comment "
                             "saying why it is loaded late")
    assert offenders == [], "\n".join(offenders)


def test_only_the_ui_imports_streamlit():
    _graph, _inside, streamlit = _scan()
    assert streamlit == [], "\n".join(streamlit)


def test_the_checks_see_what_they_look_for():
    """The scan itself: a cycle, a hidden import and Streamlit outside the UI are found."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c", "a"]]
    tree = ast.parse("import os\n"
                     "if TYPE_CHECKING:\n    import canvas.never\n"
                     "def f():\n    from canvas import models\n"
                     "    class K:\n        import json\n")
    found = [(node.lineno, inside) for node, inside in _imports(tree)]
    assert found == [(1, False), (5, True), (7, True)]
    lines = ["def f():", "    # fpdf: heavy, loaded for a PDF", "    from fpdf import FPDF",
             "    from fpdf.fonts import FontFace", "    x = 1", "    import json"]
    assert [_commented(lines, n) for n in (3, 4, 6)] == [True, True, False]
