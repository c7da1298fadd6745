"""The shape of the code, checked on every run (issue 23, points 1-5).

- No module takes a private name (one starting with ``_``) from another: not by
  ``from x import _y``, not as ``x._y`` on an imported module or class, not by
  ``obj._y`` when ``_y`` is not defined in the file itself, not by a test monkeypatching
  ``"x._y"``. A name another module needs gets a public name (or a public seam).
- The two store backends sit side by side under ``canvas/store/`` and never import each
  other; they import the store's own modules (base, errors, records, rules, operations)
  and pure ``canvas`` modules, never the chooser (``canvas.store``), ``store copy`` or the
  UI. The store's shared modules import no backend.
- Pages and ``canvas/ui`` reach the store only through ``canvas.store`` (and its base,
  errors, records, rules and operations), never a backend.
- The folder backend's old modules at the top of ``canvas/`` are gone (no shims).
- The pure modules that sat flat at the top of ``canvas/`` live in a folder named for
  their subject (file format, editing, ranking and fit, evidence, coaching, the live
  room), and their old flat modules are gone (no shims, no re-exports).

Every walk is over the syntax tree (imports inside functions included) of every ``.py``
file of ``canvas/``, ``pages/``, ``scripts/``, ``bench/``, ``tests/`` and ``app.py``, and
every failure names the file, the line and the name.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("canvas", "pages", "scripts", "bench", "tests")

#: Private names of other projects' libraries that we cannot avoid, by file, with why.
#: (Our own private names never go here: give the name a public one instead.)
THIRD_PARTY = {
    ("canvas/export/engine.py", "_create_kaleido_tab"):
        "Kaleido opens one tab per process; extra tabs draw figures in parallel",
    ("canvas/export/engine.py", "_html_tmp_dir"):
        "Kaleido's temporary folder, removed after a browser crash",
    ("canvas/export/engine.py", "_browser_impl"):
        "Kaleido's browser, cleaned up after a crash",
    ("canvas/export/images.py", "_root_object"):
        "pypdf has no public setter for the document's /Lang",
    ("canvas/export/pdfdoc.py", "_fallback_font_ids"):
        "fpdf2's own state, read by our FPDF subclass",
    ("canvas/export/pdfdoc.py", "_set_orientation"):
        "fpdf2's page orientation, set by our FPDF subclass for a mixed document",
    ("canvas/export/word.py", "_inline"):
        "python-docx has no public access to a picture's title and alt text",
    ("tests/test_evidence_export.py", "_inline"): "python-docx: a picture's alt text",
    ("tests/test_export.py", "_inline"): "python-docx: a picture's alt text",
    ("tests/apptest_helpers.py", "_tree"): "Streamlit's AppTest: widget states",
    ("tests/apptest_helpers.py", "_run"): "Streamlit's AppTest: a run with widget states",
    ("tests/test_app_evidence.py", "_tree"): "Streamlit's AppTest: widget states",
    ("tests/test_app_evidence.py", "_run"): "Streamlit's AppTest: a run with widget states",
    ("tests/test_app_insights.py", "_tree"): "Streamlit's AppTest: widget states",
    ("tests/test_app_insights.py", "_run"): "Streamlit's AppTest: a run with widget states",
    ("tests/test_app_live.py", "_tree"): "Streamlit's AppTest: widget states",
}
#: Methods of the standard library whose names start with ``_`` by design.
STANDARD = {"_replace", "_asdict", "_fields", "_make", "_getframe", "_exit"}
#: Callables that take an attribute name (or a dotted path) as a string.
BY_NAME = {"setattr", "delattr", "getattr", "hasattr", "patch", "object"}

OLD_FOLDER_MODULES = ("storage", "accounts", "workshops", "comments", "mentor_links",
                      "presenting", "room_store", "join_attempts")
#: The pure modules grouped by subject (issue 23, point 5): old flat module -> its home.
MOVED_BY_SUBJECT = {
    "models": "fileformat/models", "migrations": "fileformat/migrations",
    "validation": "fileformat/validation", "templates": "fileformat/templates",
    "changes": "fileformat/changes",
    "editing": "editing/edits", "paste": "editing/paste", "board": "editing/board",
    "component_messages": "editing/component_messages",
    "ranking": "ranking/rules", "compare": "ranking/compare", "fit": "ranking/fit",
    "evidence": "evidence/cards", "risk": "evidence/risk",
    "interview_guide": "evidence/interview_guide", "persona": "evidence/persona",
    "coach": "coaching/coach", "guidance": "coaching/guidance",
    "room_state": "room/state", "room_summary": "room/summary",
    "room_overview": "room/overview", "room_signal": "room/signal",
    "walk_layout": "room/walk_layout", "join_link": "room/join_link",
    "group_accounts": "room/group_accounts", "outside_writes": "room/outside_writes",
}
STORE_SHARED = ("canvas.store.base", "canvas.store.errors", "canvas.store.records",
                "canvas.store.rules", "canvas.store.operations")
BACKENDS = ("canvas.store.folder", "canvas.store.postgres")


def python_files() -> list[Path]:
    files = [ROOT / "app.py"]
    for folder in FOLDERS:
        files += [path for path in sorted((ROOT / folder).rglob("*.py"))
                  if "vendor" not in path.relative_to(ROOT).parts]
    return files


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _module_of(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(tree: ast.AST, path: Path) -> list[tuple[int, str, list[str]]]:
    """``(line, module, names)`` of every import in the file, functions included;
    relative imports are resolved against the file's package."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                package = _module_of(path).split(".")
                if path.name != "__init__.py":
                    package.pop()
                package = package[:len(package) - node.level + 1]
                module = ".".join([*package, module] if module else package)
            out.append((node.lineno, module, [alias.name for alias in node.names]))
    return out


def private_uses(path: Path) -> list[str]:
    """Every private name this file takes from another module, as ``file:line: name``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    rel = _rel(path)
    defined: set[str] = set()
    imported: set[str] = set()  # names bound by an import: modules and their members
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            defined.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, (ast.Store, ast.Del)):
            defined.add(node.attr)
        elif isinstance(node, ast.arg):
            defined.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            imported.update((alias.asname or alias.name).split(".")[0]
                            for alias in node.names)
    found = []

    def report(line: int, name: str, how: str) -> None:
        if (rel, name) not in THIRD_PARTY:
            found.append(f"{rel}:{line}: {name} ({how})")

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if _private(alias.name):
                    report(node.lineno, alias.name, f"imported from {node.module}")
        elif (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load)
              and _private(node.attr) and node.attr not in STANDARD):
            owner = node.value
            if isinstance(owner, ast.Name) and owner.id in imported:
                report(node.lineno, node.attr, f"taken from {owner.id}")
            elif node.attr not in defined:
                report(node.lineno, node.attr, "used on another module's object")
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in BY_NAME:
                continue
            for arg in node.args[:2]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    last = arg.value.rsplit(".", 1)[-1]
                    if _private(last) and (last not in defined or "." in arg.value):
                        report(node.lineno, last, f"named in {name}({arg.value!r})")
    return found


def test_no_module_takes_a_private_name_from_another():
    found = [use for path in python_files() for use in private_uses(path)]
    assert found == [], "private names taken across modules:\n" + "\n".join(found)


def _store_imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    out = []
    for line, module, names in _imports(tree, path):
        out.append((line, module))
        out += [(line, f"{module}.{name}") for name in names]  # from canvas.store import x
    return out


def _under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _package_files(package: str) -> list[Path]:
    folder = ROOT.joinpath(*package.split("."))
    return sorted(folder.rglob("*.py")) if folder.is_dir() else []


def test_the_backends_sit_side_by_side_and_never_import_each_other():
    problems = []
    for backend in BACKENDS:
        files = _package_files(backend)
        if not files:
            problems.append(f"{backend.replace('.', '/')}/: missing (the backend's package)")
        others = [b for b in BACKENDS if b != backend]
        for path in files:
            for line, module in _store_imports(path):
                if any(_under(module, other) for other in others):
                    problems.append(f"{_rel(path)}:{line}: {module} (the other backend)")
                elif module in ("canvas.store", "canvas.store.copy") or _under(
                        module, "canvas.ui"):
                    problems.append(f"{_rel(path)}:{line}: {module} (a backend imports only "
                                    "the store's own modules and pure canvas modules)")
    for package in STORE_SHARED:
        paths = _package_files(package) or [ROOT.joinpath(*package.split(".")).with_suffix(
            ".py")]
        for path in paths:
            if not path.exists():
                problems.append(f"{_rel(path)}: missing")
                continue
            for line, module in _store_imports(path):
                if any(_under(module, b) for b in BACKENDS):
                    problems.append(f"{_rel(path)}:{line}: {module} (shared store code "
                                    "imports no backend)")
    assert problems == [], "\n".join(problems)


def test_pages_and_ui_reach_the_store_only_through_its_interface():
    problems = []
    paths = [*sorted((ROOT / "pages").rglob("*.py")), *sorted((ROOT / "canvas/ui").rglob(
        "*.py")), ROOT / "app.py"]
    for path in paths:
        for line, module in _store_imports(path):
            if any(_under(module, b) for b in BACKENDS):
                problems.append(f"{_rel(path)}:{line}: {module} (use canvas.store)")
    assert problems == [], "\n".join(problems)


def test_the_folder_modules_left_the_top_of_canvas():
    left = [f"canvas/{name}.py" for name in OLD_FOLDER_MODULES
            if (ROOT / "canvas" / f"{name}.py").exists()]
    assert left == [], f"still at the top of canvas/ (they live in canvas/store/): {left}"


def test_the_pure_modules_live_in_a_folder_named_for_their_subject():
    canvas = ROOT / "canvas"
    left = [f"canvas/{old}.py" for old in MOVED_BY_SUBJECT
            if (canvas / f"{old}.py").exists()]
    missing = [f"canvas/{new}.py" for new in MOVED_BY_SUBJECT.values()
               if not (canvas / f"{new}.py").is_file()]
    packages = sorted({new.split("/")[0] for new in MOVED_BY_SUBJECT.values()})
    no_init = [f"canvas/{name}/__init__.py" for name in packages
               if not (canvas / name / "__init__.py").is_file()]
    assert left == [], f"back at the top of canvas/ (they live in a subject's folder): {left}"
    assert missing == [] and no_init == [], f"missing: {missing + no_init}"
