"""The import graph of the `masthead` package: no cycles, and a page cache that knows no domain.

The graph is read from the source (ast), not by importing it, so a cycle that happens to
import without error today is still named. Module-level imports are the strict graph:
they run when the module loads. Imports inside functions run later, when the function is
called; they may not close a cycle either, except where `DEFERRED` says why one must.
Imports under `if TYPE_CHECKING:` never run and are left out.
"""

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "masthead"
ROOT = "masthead"
# The generic machinery: it may import Django, Wagtail, itself and the rest of the generic
# machinery (the page cache goes through resilience's breaker to Redis), nothing else of
# ours. Its tests are left out: they render the project's own pages through the cache, so
# the domain's factories are their fixtures, not the cache's dependencies.
GENERIC_APPS = ("masthead.pagecache", "masthead.resilience")
# Function-level imports allowed to point back up the graph, with the reason.
DEFERRED: dict[tuple[str, str], str] = {
    ("masthead.news.models", "masthead.news.selectors"): (
        "Wagtail pages are their own views: a page routes and renders through the reads, "
        "which query the page models, so the pages import them when they serve."
    ),
}


@dataclass
class Module:
    name: str
    path: Path
    is_package: bool
    top_level: set[str] = field(default_factory=set)
    deferred: set[str] = field(default_factory=set)


def module_name(path: Path, package_dir: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(package_dir.parent).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts.pop()
    return ".".join(parts), is_package


def is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_in(tree: ast.Module) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement with whether it runs at module level (not inside a function)."""

    def walk(node: ast.AST, deferred: bool) -> Iterator[tuple[ast.AST, bool]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and is_type_checking(child):
                yield from ((n, deferred) for n in child.orelse)
                continue
            if isinstance(child, ast.Import | ast.ImportFrom):
                yield child, deferred
            inner = deferred or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            yield from walk(child, inner)

    yield from walk(tree, False)


def resolve_base(module: Module, node: ast.ImportFrom) -> str:
    """The absolute name `from <base> import …` refers to, relative levels included."""
    if not node.level:
        return node.module or ""
    package = module.name if module.is_package else module.name.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def targets(module: Module, node: ast.Import | ast.ImportFrom, known: set[str]) -> set[str]:
    """The masthead modules an import statement loads (a submodule when it names one)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = resolve_base(module, node)
        names = [
            f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
            for alias in node.names
        ]
    found = set()
    for name in names:
        while name and name not in known:  # `import a.b.c` of a name inside a module
            name = name.rpartition(".")[0]
        if name.split(".")[0] == ROOT and name != module.name:
            found.add(name)
    return found


def import_graph(package_dir: Path = PACKAGE_DIR) -> dict[str, Module]:
    modules = {}
    for path in sorted(package_dir.rglob("*.py")):
        name, is_package = module_name(path, package_dir)
        modules[name] = Module(name, path, is_package)
    known = set(modules)
    for module in modules.values():
        tree = ast.parse(module.path.read_text(), filename=str(module.path))
        for node, deferred in imports_in(tree):
            (module.deferred if deferred else module.top_level).update(targets(module, node, known))
    return modules


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One cycle for each group of modules that import one another (Tarjan's SCCs)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = {stack.pop()}
            while node not in group:
                group.add(stack.pop())
            if len(group) > 1:
                found.append(shortest_cycle(min(group), edges, group))

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return found


def shortest_cycle(start: str, edges: dict[str, set[str]], group: set[str]) -> list[str]:
    """The shortest path from `start` back to itself, inside its group: the cycle to name."""
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target in sorted(edges.get(node, ()) & group):
                if target == start:
                    return [*paths[node], start]
                if target not in paths:
                    paths[target] = [*paths[node], target]
                    following.append(target)
        frontier = following
    raise AssertionError(f"{start} is in a group of modules but on no cycle")


def strict_edges(modules: dict[str, Module]) -> dict[str, set[str]]:
    return {name: set(module.top_level) for name, module in modules.items()}


def all_edges(modules: dict[str, Module]) -> dict[str, set[str]]:
    return {
        name: module.top_level | {t for t in module.deferred if (name, t) not in DEFERRED}
        for name, module in modules.items()
    }


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(f"{package}.")


def foreign_imports(
    modules: dict[str, Module], app: str, allowed: tuple[str, ...] = ()
) -> list[str]:
    """Imports of other masthead modules by `app`'s code, function bodies included, but
    for those of the `allowed` packages."""
    return sorted(
        f"{name} imports {target}"
        for name, module in modules.items()
        if within(name, app) and not within(name, f"{app}.tests")
        for target in module.top_level | module.deferred
        if not any(within(target, package) for package in (app, *allowed))
    )


def describe(found: list[list[str]]) -> str:
    return "\n".join(" -> ".join(cycle) for cycle in found)


@pytest.fixture(scope="module")
def modules() -> dict[str, Module]:
    return import_graph()


def test_no_module_level_import_cycle(modules):
    found = cycles(strict_edges(modules))
    assert not found, f"Modules importing one another when they load:\n{describe(found)}"


def test_no_function_level_import_closes_a_cycle(modules):
    found = cycles(all_edges(modules))
    assert not found, f"Imports inside functions closing a cycle:\n{describe(found)}"


@pytest.mark.parametrize("app", GENERIC_APPS)
def test_generic_apps_import_no_domain_app(modules, app):
    found = foreign_imports(modules, app, allowed=GENERIC_APPS)
    assert not found, f"{app} must not know the domain apps:\n" + "\n".join(found)


# The checker itself, on small trees written for it.


def write_tree(root: Path, files: dict[str, str]) -> Path:
    package_dir = root / ROOT
    for relative, source in files.items():
        path = package_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    return package_dir


def test_a_cycle_is_named_with_relative_and_absolute_imports(tmp_path):
    package_dir = write_tree(
        tmp_path,
        {
            "__init__.py": "",
            "news/__init__.py": "",
            "news/models.py": "from . import selectors\n",
            "news/selectors.py": "from masthead.news import models\n",
            "news/views.py": "from .selectors import x\n",
        },
    )
    found = cycles(strict_edges(import_graph(package_dir)))
    assert found == [["masthead.news.models", "masthead.news.selectors", "masthead.news.models"]]


def test_type_checking_imports_are_left_out_and_function_imports_kept_apart(tmp_path):
    package_dir = write_tree(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import b\n",
            "b.py": "import masthead.a\n\ndef f():\n    from masthead import c\n",
            "c.py": "from masthead.b import f\n",
        },
    )
    modules = import_graph(package_dir)
    assert not cycles(strict_edges(modules))
    assert cycles(all_edges(modules)) == [["masthead.b", "masthead.c", "masthead.b"]]


def test_a_generic_app_importing_a_domain_app_is_named(tmp_path):
    package_dir = write_tree(
        tmp_path,
        {
            "__init__.py": "",
            "pagecache/__init__.py": "",
            "pagecache/store.py": "from .versions import V\n",
            "pagecache/versions.py": "V = 1\n",
            "pagecache/handlers.py": "def f():\n    from masthead.news.models import Article\n",
            "pagecache/tests/__init__.py": "",
            "pagecache/tests/test_handlers.py": "from masthead.news.models import Article\n",
            "news/__init__.py": "",
            "news/models.py": "Article = 1\n",
        },
    )
    found = foreign_imports(import_graph(package_dir), "masthead.pagecache")
    assert found == ["masthead.pagecache.handlers imports masthead.news.models"]


def test_a_deferred_import_is_allowed_only_where_it_is_listed(tmp_path, monkeypatch):
    package_dir = write_tree(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "def f():\n    from . import b\n",
            "b.py": "from masthead import a\n",
        },
    )
    modules = import_graph(package_dir)
    assert cycles(all_edges(modules)) == [["masthead.a", "masthead.b", "masthead.a"]]
    monkeypatch.setitem(DEFERRED, ("masthead.a", "masthead.b"), "a test")
    assert not cycles(all_edges(modules))
