"""The lock agrees with pyproject.toml: every declared package is pinned there, at a version
its specifier allows, with hashes — and every package the code imports is declared."""

from __future__ import annotations

import ast
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.markers import Marker, default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements" / "lock.txt"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)(?:\s*;\s*([^\\]+?))?\s*\\?$")
# Import names that differ from their distribution's name.
DISTRIBUTION_OF = {
    "telegram": "python-telegram-bot",
    "dotenv": "python-dotenv",
    "pytest_asyncio": "pytest-asyncio",
    "sklearn": "scikit-learn",
}
FIRST_PARTY = {"bot", "services", "handlers", "storage", "extraction", "tests", "bench"}


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def declared() -> list[Requirement]:
    project = pyproject()
    specs = [*project["project"]["dependencies"]]
    for extra in project["project"].get("optional-dependencies", {}).values():
        specs += extra
    specs += project["build-system"]["requires"]
    lock_in = (ROOT / "requirements" / "lock.in").read_text(encoding="utf-8").splitlines()
    specs += [line for line in lock_in if line.strip() and not line.startswith("#")]
    return [Requirement(spec) for spec in specs]


def pins() -> dict[str, list[tuple[Version, str | None]]]:
    """Each locked package's versions (more than one when split by a marker)."""
    found: dict[str, list[tuple[Version, str | None]]] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            name, version, marker = match.groups()
            found.setdefault(canonicalize_name(name), []).append((Version(version), marker))
    return found


def test_every_declared_package_is_locked_at_an_allowed_version() -> None:
    locked = pins()
    environment = default_environment()
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement} is declared but not in {LOCK.name}: make lock"
        for version, marker in locked[name]:
            if marker and not Marker(marker).evaluate(environment):
                continue  # a pin for another Python or platform
            assert requirement.specifier.contains(version, prereleases=True), (
                f"{LOCK.name} pins {name}=={version}, outside {requirement}: make lock"
            )


def test_every_locked_package_has_hashes() -> None:
    blocks = re.split(r"\n(?=[A-Za-z0-9])", LOCK.read_text(encoding="utf-8"))
    packages = [block for block in blocks if _PIN.match(block.splitlines()[0])]
    assert len(packages) > 50
    for block in packages:
        assert "--hash=sha256:" in block, block.splitlines()[0]


def _imported_modules() -> set[str]:
    modules: set[str] = set()
    for folder in FIRST_PARTY:
        for path in (ROOT / folder).rglob("*.py"):
            if "node_modules" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    modules.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    modules.add(node.module.split(".")[0])
    return modules


def test_every_imported_package_is_declared() -> None:
    names = {canonicalize_name(r.name) for r in declared()}
    third_party = _imported_modules() - set(sys.stdlib_module_names) - FIRST_PARTY
    undeclared = {
        module
        for module in third_party
        if canonicalize_name(DISTRIBUTION_OF.get(module, module)) not in names
    }
    assert undeclared == set(), f"imported but not declared in pyproject.toml: {undeclared}"


def test_the_makefile_cuts_the_locked_pip_with_its_hashes_out_of_the_lock() -> None:
    """`make install` installs the lock's pip before the rest (a new venv's pip mishandles
    extras in hash mode); the lines it cuts out must be exactly that pin and its hashes."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    program = re.search(r"awk ('[^']+')", makefile)
    assert program, "the Makefile no longer cuts pip's pin out of the lock"
    cut = subprocess.run(
        ["awk", *shlex.split(program.group(1)), str(LOCK)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert cut[0].startswith("pip==") and cut[0].endswith("\\")
    assert len(cut) >= 2
    assert all(line.strip().startswith("--hash=sha256:") for line in cut[1:])
    assert not cut[-1].endswith("\\"), "the last hash line must end the requirement"
