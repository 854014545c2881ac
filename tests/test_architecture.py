"""The house: the import graph of pipeline/ has no cycles, no upward imports, no private imports
across rooms, and no module far past the size a person can hold."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"

# Which rooms each room may import from (besides itself). Lower layers never import higher ones:
# records/paths/text at the bottom; normalize and ingest over them; events over normalize; the spaCy
# components over events; the assembled pipeline; the store; the jobs; the CLI on top.
BOTTOM = {"records", "paths", "text"}
ALLOWED = {
    "records": set(), "paths": set(), "text": set(),
    "normalize": BOTTOM,
    "ingest": BOTTOM | {"normalize"},
    "events": BOTTOM | {"normalize"},
    "components": BOTTOM | {"normalize", "events"},
    "nlp": BOTTOM | {"components", "__init__"},
    "annotate": BOTTOM | {"components", "nlp"},
    "store": BOTTOM,
    "batch": BOTTOM | {"ingest", "annotate", "nlp", "store", "events", "review"},  # writes the static review page
    "distributed_run": BOTTOM | {"annotate", "nlp"},  # `run --dask`: the spaCy pipeline on Dask workers
    "bench": BOTTOM | {"ingest", "annotate", "nlp", "components", "normalize", "events", "batch"},  # --stream times `run` itself
    "evaluate": BOTTOM | {"ingest", "annotate", "nlp", "components", "normalize", "events", "store"},
    "review": BOTTOM | {"store", "events", "normalize"},
    "cli": None,  # the top: may use every room
}
# Modules allowed past 800 lines, with the reason (none today).
LONG_MODULES: dict[str, str] = {}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "models":  # the asset folder's build tools are not part of the package's code
            continue
        parts = ["pipeline", *rel.with_suffix("").parts]
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _imports(module: str, path: Path, known: set[str]) -> list[tuple[str, list[str]]]:
    """(imported module, names taken from it) for every import in the file, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):  # imports for type checkers only never run: not edges of the graph
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []
    found = []
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names if a.name.startswith("pipeline")]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            if not base.startswith("pipeline"):
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.append((sub, []) if sub in known else (base, [alias.name]))
    return found


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _graph() -> dict[str, list[tuple[str, list[str]]]]:
    mods = _modules()
    return {m: _imports(m, p, set(mods)) for m, p in mods.items()}


def test_no_import_cycles():
    graph = {m: {t for t, _ in deps if t != m} for m, deps in _graph().items()}
    cycles, state = [], {}

    def visit(node, stack):
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if state.get(nxt) == "open":
                cycles.append(" -> ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_no_upward_imports():
    wrong = []
    for module, deps in _graph().items():
        room = _room(module)
        allowed = ALLOWED.get(room, set())
        if allowed is None:
            continue
        for target, _ in deps:
            there = _room(target)
            if there != room and there not in allowed:
                wrong.append(f"{module} imports {target} ({room} may import only {sorted(allowed)})")
    assert not wrong, "\n".join(wrong)


def test_no_private_names_imported_across_rooms():
    """A room's underscored names are its own business; another room uses only its public ones.
    (Modules split from one room, such as the date grammar's passes, still share helpers.)"""
    wrong = [f"{module} imports {name} from {target}"
             for module, deps in _graph().items() for target, names in deps
             for name in names if name.startswith("_") and _room(target) != _room(module)]
    assert not wrong, "\n".join(wrong)


def test_every_room_is_known():
    assert {_room(m) for m in _modules()} - set(ALLOWED) - {"__init__"} == set()


def test_modules_stay_a_size_a_person_can_hold():
    long = {m: n for m, p in _modules().items()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 800 and m not in LONG_MODULES}
    assert not long, f"modules over 800 lines: {long}"
