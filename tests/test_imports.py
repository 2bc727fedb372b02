"""The project's modules import one another in one direction only."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "publications", "comments")


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _runtime_imports(tree: ast.AST):
    """Every import statement, wherever it stands, but for type checkers' own."""
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            node.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node


def import_graph() -> dict[str, set[str]]:
    """Which project modules each project module imports, at any depth of it."""
    modules = project_modules()

    def known(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets = set()
        for node in _runtime_imports(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                targets.update(known(alias.name) for alias in node.names)
                continue
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            for alias in node.names:
                full = f"{base}.{alias.name}"
                targets.add(full if full in modules else known(base))
        targets.discard(None)
        targets.discard(name)
        graph[name] = targets
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the groups of modules that reach one another (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in graph[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in graph:
        if module not in index:
            visit(module)
    return found


def test_no_modules_import_one_another_in_a_circle():
    assert circles(import_graph()) == []


def test_comments_never_import_the_public_sites_views():
    graph = import_graph()
    comments = [name for name in graph if name.startswith("comments")]

    for name in comments:
        assert not any(t.startswith("publications.views") for t in graph[name]), name


def test_the_page_cache_imports_nothing_of_the_apps_it_serves():
    graph = import_graph()
    cache = [name for name in graph if name.startswith("publications.pagecache")]

    for name in cache:
        assert all(t.startswith("publications.pagecache") for t in graph[name]), (
            name,
            graph[name],
        )


def test_the_models_never_import_the_editorial_side():
    graph = import_graph()
    models = [name for name in graph if name.startswith("publications.models")]

    assert models
    for name in models:
        editorial = [t for t in graph[name] if t.startswith("publications.editorial")]
        assert editorial == [], name


def test_models_and_template_tags_never_import_views():
    graph = import_graph()
    below_views = [
        name
        for name in graph
        if name.startswith(("publications.models", "publications.templatetags"))
    ]

    assert below_views
    for name in below_views:
        views = [t for t in graph[name] if t.startswith("publications.views")]
        assert views == [], name


def test_a_circle_is_found_when_there_is_one():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}

    assert circles(graph) == [["a", "b", "c"]]
