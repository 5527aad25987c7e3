"""Match package names and imports against the catalog (analyzer/data/catalog.py), exactly.

A name matches a catalog entry when it equals it, or, for hierarchical names, when the entry
is a whole leading part of it: `django.db` matches `django`, `k8s.io/client-go/kubernetes`
matches `k8s.io/client-go`, `github.com/labstack/echo/v4` matches `github.com/labstack/echo`.
Never a substring: `aws-sdk` does not match `ws`, `djangorestframework` does not match `django`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from analyzer.data.catalog import FRAMEWORKS
from analyzer.data.catalog import INFRA_FILES
from analyzer.data.catalog import PACKAGE_SCOPES
from analyzer.data.catalog import SCOPE_FRAMEWORKS
from analyzer.data.catalog import Framework

# Separator of hierarchical names per ecosystem; "" means names are flat and match whole.
PACKAGE_SEPARATORS: Mapping[str, str] = {
    "node": "", "python": "", "go": "/", "java": ".", "ruby": "", "php": "", "dotnet": ".",
    "rust": "",
}  # fmt: skip
IMPORT_SEPARATORS: Mapping[str, str] = {
    "node": "", "python": ".", "go": "/", "java": ".", "ruby": "/", "php": "\\", "dotnet": ".",
    "rust": "",
}  # fmt: skip
_PYTHON_SEPARATORS = re.compile(r"[-_.]+")


@functools.cache
def all_frameworks() -> Mapping[str, Framework]:
    """Every framework the catalog knows, by id (built once: it is read per person and file)."""
    return {entry.id: entry for entry in (*FRAMEWORKS, *INFRA_FILES, *SCOPE_FRAMEWORKS)}


def normalise_package(ecosystem: str, name: str) -> str:
    """A package name as its registry compares them (PEP 503 for Python, NuGet ignores case)."""
    name = name.strip()
    if ecosystem == "python":
        return _PYTHON_SEPARATORS.sub("-", name).lower()
    if ecosystem in ("node", "php", "ruby", "dotnet"):
        return name.lower()
    if ecosystem == "rust":
        return name.replace("_", "-")
    return name


@functools.cache
def _package_index() -> dict[str, dict[str, str]]:
    index: dict[str, dict[str, str]] = {}
    for entry in FRAMEWORKS:
        for ecosystem, names in entry.packages.items():
            for name in names:
                index.setdefault(ecosystem, {})[normalise_package(ecosystem, name)] = entry.id
    return index


@functools.cache
def _import_index() -> dict[str, dict[str, str]]:
    index: dict[str, dict[str, str]] = {}
    for entry in FRAMEWORKS:
        for ecosystem in entry.packages.keys() | entry.imports.keys():
            roots = entry.imports.get(ecosystem) or _default_import_roots(
                ecosystem, entry.packages.get(ecosystem, ())
            )
            for root in roots:
                index.setdefault(ecosystem, {})[root] = entry.id
    return index


def _default_import_roots(ecosystem: str, packages: tuple[str, ...]) -> tuple[str, ...]:
    """Import roots when the catalog gives none: the package names, in import spelling."""
    if ecosystem == "java":  # Maven coordinates are not Java packages: only explicit roots
        return ()
    if ecosystem in ("python", "rust"):
        return tuple(name.replace("-", "_") for name in packages)
    return packages


def _lookup(index: Mapping[str, str], name: str, separator: str) -> str | None:
    """The entry for NAME itself or for its longest leading part ending at a separator."""
    found = index.get(name)
    if found is not None or not separator:
        return found
    parts = name.split(separator)
    for length in range(len(parts) - 1, 0, -1):
        found = index.get(separator.join(parts[:length]))
        if found is not None:
            return found
    return None


def framework_for_package(ecosystem: str, name: str) -> str | None:
    """The framework id a declared package belongs to, or None."""
    index = _package_index().get(ecosystem, {})
    normalised = normalise_package(ecosystem, name)
    if ecosystem == "java":
        group, _, _artifact = normalised.partition(":")
        return index.get(normalised) or _lookup(index, group, ".")
    found = _lookup(index, normalised, PACKAGE_SEPARATORS.get(ecosystem, ""))
    if found is None:
        for scope, framework_id in PACKAGE_SCOPES.get(ecosystem, {}).items():
            if normalised.startswith(scope):
                return framework_id
    return found


def framework_for_import(ecosystem: str, module: str) -> str | None:
    """The framework id an imported module belongs to, or None."""
    index = _import_index().get(ecosystem, {})
    if ecosystem == "rust":
        module = module.replace("-", "_")
    found = _lookup(index, module, IMPORT_SEPARATORS.get(ecosystem, ""))
    if found is None and ecosystem == "node":
        for scope, framework_id in PACKAGE_SCOPES.get(ecosystem, {}).items():
            if module.startswith(scope):
                return framework_id
    return found
