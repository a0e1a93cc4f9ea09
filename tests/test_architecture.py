"""The layers, checked on the source: pages render, services decide, models describe."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STDLIB = frozenset(sys.stdlib_module_names)
PAGES = sorted((ROOT / "pages").glob("*.py"))
SERVICES = sorted((ROOT / "services").rglob("*.py"))
MODELS = sorted((ROOT / "models").rglob("*.py"))


def _package_of(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])


def imports(path: Path, source: str | None = None) -> set[str]:
    """Every module `path` imports, anywhere in the file, including `importlib.import_module("x")`
    and `__import__("x")` with a literal name. Relative imports are made absolute."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source or path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            package = _package_of(path).split(".")
            base = package[: len(package) - node.level + 1] if node.level else []
            found.add(".".join([*base, *([node.module] if node.module else [])]))
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in {"import_module", "__import__"} and isinstance(node.args[0].value, str):
                found.add(node.args[0].value)
    return found


def top_levels(path: Path) -> set[str]:
    return {name.split(".")[0] for name in imports(path)}


def ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(ROOT)) for p in paths]


def test_the_layers_have_modules() -> None:
    assert PAGES and SERVICES and MODELS


def test_import_finder_sees_every_kind_of_import() -> None:
    module = ROOT / "services" / "seed" / "example.py"  # parsed from a string, never written
    source = (
        "import os.path\nfrom a.b import c\nfrom . import demo\nfrom ..audit import record\n"
        "def f():\n    import sqlalchemy\n    importlib.import_module('sqlmodel')\n    __import__('x')\n"
    )
    found = imports(module, source)
    assert found == {"os.path", "a.b", "services.seed", "services.audit", "sqlalchemy", "sqlmodel", "x"}


@pytest.mark.parametrize("page", PAGES, ids=ids(PAGES))
def test_pages_do_not_touch_the_database_layer(page: Path) -> None:
    assert top_levels(page) & {"sqlmodel", "sqlalchemy", "psycopg", "sqlite3", "models"} == set()
    # Sessions and the engine belong to services.
    assert imports(page) & {"dashboard.db", "services.scoping"} == set()


@pytest.mark.parametrize("page", PAGES, ids=ids(PAGES))
def test_pages_import_only_streamlit_dashboard_services_and_stdlib(page: Path) -> None:
    allowed = {"streamlit", "dashboard", "services"} | STDLIB
    assert top_levels(page) - allowed == set()


@pytest.mark.parametrize("module", SERVICES, ids=ids(SERVICES))
def test_services_do_not_import_streamlit(module: Path) -> None:
    assert "streamlit" not in top_levels(module)


def test_importing_every_service_does_not_load_streamlit() -> None:
    """Transitively too: a service importing a dashboard module that imports Streamlit fails."""
    names = [".".join(p.relative_to(ROOT).with_suffix("").parts) for p in SERVICES]
    names = [n.removesuffix(".__init__") for n in names]
    script = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'streamlit'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("module", MODELS, ids=ids(MODELS))
def test_models_import_nothing_from_services_or_dashboard(module: Path) -> None:
    assert top_levels(module) & {"services", "dashboard", "streamlit"} == set()
    assert top_levels(module) - ({"models", "sqlmodel", "sqlalchemy", "pydantic"} | STDLIB) == set()


def test_entry_script_has_no_pages_folder_beside_it() -> None:
    # A dashboard/pages/ folder would switch Streamlit to folder-based pages, which run
    # without the login gate in app.py.
    assert not (ROOT / "dashboard" / "pages").exists()


def test_every_page_is_registered_with_a_permission() -> None:
    from dashboard.navigation import PAGES as SPECS

    registered = {(ROOT / "dashboard" / spec.script).resolve() for spec in SPECS}
    assert registered == {p.resolve() for p in PAGES}
    assert all(spec.permission for spec in SPECS)
