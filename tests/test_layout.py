"""The package's layout holds its rules: features over shared parts over the domain, no cycle, every
table in models.py, a short top level (README, section "Layout")."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "finder"
FEATURES = ("public", "help", "staff", "admin", "auth")
SHARED = ("web", "search", "geo", "exchange")
APPLICATION = ("finder", "finder.cli", "finder.ops")  # the factory and what it wires: may import anything


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, ast.Module]:
    return {module_name(path): ast.parse(path.read_text()) for path in PACKAGE.rglob("*.py")}


def imports_of(name: str, tree: ast.Module, known: set[str]) -> set[str]:
    """The package's modules this one imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("finder"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in known else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("finder"))
    return found - {name}


def graph() -> dict[str, set[str]]:
    trees = modules()
    return {name: imports_of(name, tree, set(trees)) for name, tree in trees.items()}


def area(name: str) -> str:
    """The feature or shared part a module belongs to, "domain" for the flat modules at the top."""
    parts = name.split(".")
    if name in APPLICATION:
        return "application"
    return parts[1] if len(parts) > 2 or parts[1] in FEATURES + SHARED else "domain"


def test_no_import_cycle_inside_the_package():
    edges = graph()
    visiting, done = [], set()

    def visit(name):
        if name in visiting:
            raise AssertionError("import cycle: " + " → ".join(visiting[visiting.index(name) :] + [name]))
        if name in done:
            return
        visiting.append(name)
        for target in edges.get(name, ()):
            visit(target)
        visiting.pop()
        done.add(name)

    for name in edges:
        visit(name)


ALLOWED = {
    "domain": {"domain", "geo"},
    "geo": {"geo"},
    "search": {"search", "domain", "geo"},
    "exchange": {"exchange", "domain", "geo"},
    "web": {"web", "domain", "geo"},
    **{feature: {feature, "domain", "geo", "search", "exchange", "web"} for feature in FEATURES},
}


def is_allowed(name: str, target: str) -> bool:
    """Features import what lies below them and auth's guards; shared parts import no feature."""
    if area(name) == "application":
        return True
    if target == "finder.auth.guards" and area(name) in FEATURES:
        return True
    return area(target) in ALLOWED[area(name)]


def test_each_part_imports_only_what_lies_below_it():
    broken = [
        f"{name} → {target}"
        for name, targets in graph().items()
        for target in targets
        if not is_allowed(name, target)
    ]
    assert broken == []


def test_the_domain_never_reads_the_request():
    readers = [
        name
        for name, tree in modules().items()
        if area(name) == "domain"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module == "flask"
        and any(alias.name in ("request", "session", "g") for alias in node.names)
    ]
    assert readers == []


def test_every_table_is_defined_in_models():
    tables = [
        (name, node.name)
        for name, tree in modules().items()
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef) and any(ast.unparse(base) == "db.Model" for base in node.bases)
    ]
    assert tables and {name for name, _ in tables} == {"finder.models"}


def test_the_top_level_stays_short():
    assert len(list(PACKAGE.glob("*.py"))) <= 20


def test_no_test_module_imports_another():
    tests = Path(__file__).resolve().parent
    borrowing = [
        str(path.relative_to(tests))
        for path in tests.rglob("test_*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ImportFrom) and node.module and ".test_" in f".{node.module}"
    ]
    assert borrowing == []
