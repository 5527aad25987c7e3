"""Dependencies declared in package manifests, in any folder, read without running anything.

Each parser takes a manifest's path and bytes and returns its dependencies; a manifest that does
not parse becomes one warning naming the file (never a crash, never a guess). Only the standard
library reads the formats (json, tomllib, configparser, regular expressions for go.mod, Gemfile
and Gradle), and defusedxml reads the XML ones (pom.xml, *.csproj), so a hostile XML bomb or
external entity in a scanned repository cannot hurt.
"""

from __future__ import annotations

import configparser
import posixpath
import re
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Mapping
from typing import Any
from typing import NamedTuple
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeXML  # type: ignore[import-untyped]

from analyzer.safe_files import loads


class Dependency(NamedTuple):
    ecosystem: str  # the catalog's ecosystem: node, python, go, java, ruby, php, dotnet, rust
    name: str  # as declared (Maven: group:artifact)
    spec: str  # version or constraint as declared, "" when none
    manifest: str  # path of the manifest in the repository
    folder: str  # the folder the manifest belongs to ("." at the top)

    @property
    def evidence(self) -> str:
        """How a report cites it: `web/requirements.txt: Django==5.0.4`."""
        operator = self.spec[:1] in ("=", "<", ">", "~", "!", "[")
        joiner = "" if self.ecosystem == "python" and operator else " "
        return f"{self.manifest}: {self.name}{joiner + self.spec if self.spec else ''}"


class ManifestResult(NamedTuple):
    dependencies: tuple[Dependency, ...]
    warning: str | None  # why the manifest could not be read, naming it


class ManifestError(ValueError):
    """A manifest that does not parse; the message says why, without the path."""


_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$")
_GEM = re.compile(r"""^\s*gem\s*\(?\s*["']([^"']+)["']\s*(?:,\s*["']([^"']+)["'])?""", re.M)
_GRADLE_COORDINATE = re.compile(
    r"""\b(?:implementation|api|compile|compileOnly|runtimeOnly|testImplementation|kapt|ksp|"""
    r"""annotationProcessor|developmentOnly|testRuntimeOnly|platform|enforcedPlatform)\b"""
    r"""\s*\(?\s*(?:platform\s*\(\s*)?["']([\w.\-]+):([\w.\-]+)(?::([^"'@]*))?"""
)
_GRADLE_PLUGIN = re.compile(
    r"""\bid\s*\(?\s*["']([\w.\-]+)["']\s*\)?(?:\s*version\s*\(?\s*["']([^"']+))?"""
)
_GO_REQUIRE_LINE = re.compile(r"^\s*(?:require\s+)?(\S+)\s+(v\S+)(.*)$")


def manifest_kind(path: str) -> str | None:
    """Which parser reads PATH, by its file name, or None when it is not a manifest."""
    name = posixpath.basename(path)
    if name in _BY_NAME:
        return name
    lowered = name.lower()
    if lowered.startswith("requirements") and lowered.endswith((".txt", ".in")):
        return "requirements.txt"
    if lowered.endswith(".txt") and posixpath.basename(posixpath.dirname(path)) == "requirements":
        return "requirements.txt"
    if lowered.endswith(".csproj"):
        return "*.csproj"
    return None


def parse_manifest(path: str, content: bytes) -> ManifestResult:
    """Dependencies of the manifest at PATH; a broken one is a warning naming the file."""
    kind = manifest_kind(path)
    if kind is None:
        return ManifestResult((), None)
    folder = posixpath.dirname(path) or "."
    try:
        text = content.decode("utf-8-sig")
        found = list(_PARSERS[kind](text))
    except UnicodeDecodeError:
        return ManifestResult((), f"{path}: not UTF-8 text; its dependencies were not read")
    except (ManifestError, ValueError, configparser.Error) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        return ManifestResult(
            (), f"{path}: does not parse ({reason}); its dependencies were not read"
        )
    except RecursionError:  # a parser outside `loads` (XML, INI) fed thousands of levels
        return ManifestResult(
            (), f"{path}: does not parse (nested too deeply); its dependencies were not read"
        )
    except SafeXML.ParseError as error:
        return ManifestResult(
            (), f"{path}: does not parse as XML ({error}); its dependencies were not read"
        )
    except Exception as error:  # defusedxml's refusals (entities, DTDs) and anything unexpected
        return ManifestResult(
            (), f"{path}: refused ({type(error).__name__}); its dependencies were not read"
        )
    ecosystem = _ECOSYSTEMS[kind]
    unique = dict.fromkeys(
        Dependency(ecosystem, name, spec, path, folder) for name, spec in found if name
    )
    return ManifestResult(tuple(unique), None)


Found = Iterator[tuple[str, str]]


def _table(value: Any, what: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ManifestError(f"{what} is not a table")
    return value


def _package_json(text: str) -> Found:
    data = loads(text, "json")
    if not isinstance(data, Mapping):
        raise ManifestError("the top level is not an object")
    for key in ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies"):
        for name, spec in _table(data.get(key), key).items():
            yield name, spec if isinstance(spec, str) else ""


def _requirement(line: str) -> tuple[str, str] | None:
    """Name and constraint of one PEP 508 requirement; None for options, paths and URLs."""
    line = line.split(" #", 1)[0].split(";", 1)[0].strip()
    if not line or line.startswith(("#", "-", ".", "/")) or "://" in line.split("@", 1)[0]:
        return None
    match = _REQUIREMENT.match(line)
    if match is None:
        return None
    return match.group(1), match.group(3).strip()


def _requirements_txt(text: str) -> Found:
    for line in text.splitlines():
        found = _requirement(line)
        if found is not None:
            yield found


def _requirement_list(value: Any, what: str) -> Found:
    if value is None:
        return
    if not isinstance(value, list):
        raise ManifestError(f"{what} is not a list")
    for item in value:
        if isinstance(item, str):
            found = _requirement(item)
            if found is not None:
                yield found


def _pyproject(text: str) -> Found:
    data = loads(text, "toml")
    project = _table(data.get("project"), "[project]")
    yield from _requirement_list(project.get("dependencies"), "project.dependencies")
    optional = _table(project.get("optional-dependencies"), "project.optional-dependencies")
    for extra, items in optional.items():
        yield from _requirement_list(items, f"optional-dependencies.{extra}")
    for group, items in _table(data.get("dependency-groups"), "[dependency-groups]").items():
        yield from _requirement_list(items, f"dependency-groups.{group}")
    poetry = _table(_table(data.get("tool"), "[tool]").get("poetry"), "[tool.poetry]")
    tables = [poetry.get("dependencies"), poetry.get("dev-dependencies")]
    for group in _table(poetry.get("group"), "[tool.poetry.group]").values():
        tables.append(_table(group, "a poetry group").get("dependencies"))
    for table in tables:
        yield from _poetry_table(_table(table, "poetry dependencies"))


def _poetry_table(table: Mapping[str, Any]) -> Found:
    for name, spec in table.items():
        if name.lower() == "python":
            continue
        version = spec if isinstance(spec, str) else ""
        if isinstance(spec, Mapping) and isinstance(spec.get("version"), str):
            version = spec["version"]
        yield name, version


def _pipfile(text: str) -> Found:
    data = loads(text, "toml")
    for key in ("packages", "dev-packages"):
        yield from _poetry_table(_table(data.get(key), f"[{key}]"))


def _setup_cfg(text: str) -> Found:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(text)
    if parser.has_option("options", "install_requires"):
        yield from _requirements_txt(parser.get("options", "install_requires"))
    if parser.has_section("options.extras_require"):
        for _, value in parser.items("options.extras_require"):
            yield from _requirements_txt(value)


def _go_mod(text: str) -> Found:
    in_block = False
    for raw in text.splitlines():
        line = raw.split("//", 1)[0].strip() if "// indirect" not in raw else ""
        if line.startswith("require ("):
            in_block = True
            continue
        if in_block and line.startswith(")"):
            in_block = False
            continue
        if in_block or line.startswith("require "):
            match = _GO_REQUIRE_LINE.match(line)
            if match:
                yield match.group(1), match.group(2)


def _local_name(element: Element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _child_text(element: Element, name: str) -> str:
    for child in element:
        if _local_name(child) == name:
            return (child.text or "").strip()
    return ""


def _pom_xml(text: str) -> Found:
    root = SafeXML.fromstring(text)
    for element in root.iter():
        if _local_name(element) in ("dependency", "parent", "plugin"):
            group = _child_text(element, "groupId")
            artifact = _child_text(element, "artifactId")
            if group and artifact:
                yield f"{group}:{artifact}", _child_text(element, "version")


def _gradle(text: str) -> Found:
    for match in _GRADLE_COORDINATE.finditer(text):
        yield f"{match.group(1)}:{match.group(2)}", match.group(3) or ""
    for match in _GRADLE_PLUGIN.finditer(text):
        plugin = match.group(1)  # the plugin marker artifact, as Gradle resolves it
        yield f"{plugin}:{plugin}.gradle.plugin", match.group(2) or ""


def _gemfile(text: str) -> Found:
    for match in _GEM.finditer(text):
        yield match.group(1), match.group(2) or ""


def _composer_json(text: str) -> Found:
    data = loads(text, "json")
    if not isinstance(data, Mapping):
        raise ManifestError("the top level is not an object")
    for key in ("require", "require-dev"):
        for name, spec in _table(data.get(key), key).items():
            if name != "php" and "/" in name:  # php itself, ext-* and lib-* are platform
                yield name, spec if isinstance(spec, str) else ""


def _cargo_toml(text: str) -> Found:
    data = loads(text, "toml")
    tables = [data, _table(data.get("workspace"), "[workspace]")]
    tables += [
        _table(target, "a target") for target in _table(data.get("target"), "[target]").values()
    ]
    for table in tables:
        for key in ("dependencies", "dev-dependencies", "build-dependencies"):
            for name, spec in _table(table.get(key), f"[{key}]").items():
                if isinstance(spec, Mapping):
                    package = spec.get("package")
                    version = spec.get("version")
                    yield (
                        (package if isinstance(package, str) else name),
                        (version if isinstance(version, str) else ""),
                    )
                else:
                    yield name, spec if isinstance(spec, str) else ""


def _csproj(text: str) -> Found:
    root = SafeXML.fromstring(text)
    sdk = root.get("Sdk")
    if sdk:
        yield sdk.split("/", 1)[0], ""
    for element in root.iter():
        if _local_name(element) in ("PackageReference", "FrameworkReference"):
            name = element.get("Include") or element.get("Update") or ""
            yield name, element.get("Version") or _child_text(element, "Version")


_PARSERS: Mapping[str, Callable[[str], Found]] = {
    "package.json": _package_json,
    "requirements.txt": _requirements_txt,
    "pyproject.toml": _pyproject,
    "Pipfile": _pipfile,
    "setup.cfg": _setup_cfg,
    "go.mod": _go_mod,
    "pom.xml": _pom_xml,
    "build.gradle": _gradle,
    "build.gradle.kts": _gradle,
    "Gemfile": _gemfile,
    "composer.json": _composer_json,
    "Cargo.toml": _cargo_toml,
    "*.csproj": _csproj,
}
_BY_NAME = frozenset(name for name in _PARSERS if name not in ("requirements.txt", "*.csproj"))
_ECOSYSTEMS: Mapping[str, str] = {
    "package.json": "node",
    "requirements.txt": "python",
    "pyproject.toml": "python",
    "Pipfile": "python",
    "setup.cfg": "python",
    "go.mod": "go",
    "pom.xml": "java",
    "build.gradle": "java",
    "build.gradle.kts": "java",
    "Gemfile": "ruby",
    "composer.json": "php",
    "Cargo.toml": "rust",
    "*.csproj": "dotnet",
}
