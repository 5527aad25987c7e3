"""What the repository already has for running each stack's back end: manifests, CI steps and
container images. What only builds a front end or a mobile app (a React `package.json`, a
`FROM node AS build` stage, an Android Gradle file) is reported as seen and not counted.

Read from the analysed revision's tree (never the work tree), so bare repositories work too;
vendored, generated and documentation trees are set aside by Linguist's path rules.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Iterable
from typing import NamedTuple

from analyzer.git.repository import Repository
from analyzer.languages.tree import MAX_CONTENT_BYTES
from analyzer.languages.tree import HeadTree
from analyzer.languages.tree import builtin_exclusion
from analyzer.languages.tree import read_tree_blobs
from analyzer.recommend.profiles import Catalog
from analyzer.recommend.profiles import Profile
from analyzer.safe_files import ParseError
from analyzer.safe_files import loads

_WORKFLOW = re.compile(
    r"^(\.github/workflows/[^/]+\.ya?ml|\.gitlab-ci\.yml|\.circleci/config\.yml)$"
)
_DOCKERFILE = re.compile(r"(^|/)(Dockerfile[^/]*|[^/]*\.dockerfile|(docker-)?compose[^/]*\.ya?ml)$")
_USES = re.compile(r"uses:\s*['\"]?([\w.-]+/[\w.-]+)", re.I)
_IMAGE = re.compile(r"^\s*(?:FROM|image:)\s+(?:--platform=\S+\s+)?['\"]?([^\s'\"]+)", re.I | re.M)
FRONT_END_PACKAGES = frozenset(
    {
        "react",
        "vue",
        "svelte",
        "@angular/core",
        "next",
        "nuxt",
        "solid-js",
        "preact",
        "@sveltejs/kit",
        # Bundlers and styling: a package.json with these and no server package builds assets.
        "vite",
        "laravel-vite-plugin",
        "webpack",
        "parcel",
        "tailwindcss",
        "bootstrap",
        "jquery",
        "alpinejs",
    }
)
SERVER_PACKAGES = frozenset(
    {
        "express",
        "fastify",
        "@nestjs/core",
        "koa",
        "@hapi/hapi",
        "hono",
        "next",
        "nuxt",
        "@sveltejs/kit",
        "socket.io",
        "ws",
        "graphql-yoga",
        "apollo-server",
        "@apollo/server",
    }
)  # fmt: skip  (next, nuxt and SvelteKit render on a server: they run Node)
_GRADLE = re.compile(r"(^|/)build\.gradle(\.kts)?$")
_ANDROID = re.compile(r"com\.android\.(application|library)|id\s*\(?\s*['\"]com\.android")
_STAGE = re.compile(
    r"^\s*FROM\s+(?:--platform=\S+\s+)?['\"]?([^\s'\"]+)['\"]?(?:\s+AS\s+(\S+))?", re.I | re.M
)
MAX_EXAMPLES = 2


def operational_facts(repo: Repository, head: HeadTree, catalog: Catalog) -> dict[str, list[str]]:
    """Per stack id, facts as 'kind: what and where' (kinds: manifest, ci, docker, front_end)."""
    paths = [path for path in head.files if builtin_exclusion(path) is None]
    wanted = {
        head.files[path].sha: path
        for path in paths
        if head.files[path].size_bytes <= MAX_CONTENT_BYTES
        and (
            _WORKFLOW.search(path)
            or _DOCKERFILE.search(path)
            or path.endswith("package.json")
            or _GRADLE.search(path)
        )
    }
    contents = {
        wanted[sha]: data.decode("utf-8", "replace")
        for sha, data in (() if head.blobs_missing else read_tree_blobs(repo, head, wanted))
    }
    actions = _matches(contents, _WORKFLOW, _USES)
    images, build_only = _images(contents)
    images += _matches(contents, _WORKFLOW, _IMAGE)
    front_end = _front_end(contents)
    client_only = _client_manifests(contents, front_end)
    return {
        profile.id: _facts_for(
            profile, paths, actions, images, Seen(front_end, client_only, build_only)
        )
        for profile in catalog.profiles.values()
    }


class Seen(NamedTuple):
    """What was seen and is not counted as running a back end."""

    front_end: list[tuple[str, str]]  # (package.json, front-end package)
    client_only: dict[str, str]  # manifest path → why it only builds a client
    build_only: list[tuple[str, str]]  # (Dockerfile, image of a stage that is not the last)


def _images(contents: dict[str, str]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Images of Dockerfiles' final stages and compose files, and images used only to build."""
    runs: list[tuple[str, str]] = []
    builds: list[tuple[str, str]] = []
    for path, text in sorted(contents.items()):
        if not _DOCKERFILE.search(path):
            continue
        if path.endswith((".yml", ".yaml")):
            runs += [(path, match.group(1)) for match in _IMAGE.finditer(text)]
            continue
        stages = [match.group(1) for match in _STAGE.finditer(text)]
        runs += [(path, image) for image in stages[-1:]]
        builds += [(path, image) for image in stages[:-1]]
    return runs, builds


def _client_manifests(contents: dict[str, str], front_end: list[tuple[str, str]]) -> dict[str, str]:
    """Manifests that only build a front end or a mobile app."""
    found = {}
    for path, name in front_end:
        if not _server_packages(contents[path]):
            found[path] = f"a front-end package.json (uses {name}, no server package)"
    for path, text in contents.items():
        manifest = _json(text) if path.endswith("package.json") else None
        if manifest and "workspaces" in manifest and not manifest.get("dependencies"):
            found.setdefault(path, "a workspace root with no dependencies of its own")
    for path, text in contents.items():
        if _GRADLE.search(path) and (_ANDROID.search(text) or "android" in path.split("/")):
            found[path] = "an Android Gradle build"
    return found


def _json(text: str) -> dict[str, object] | None:
    try:
        manifest = loads(text, "json")
    except ParseError:  # the scan's manifest reading warns about it already
        return None
    return manifest if isinstance(manifest, dict) else None


def _server_packages(text: str) -> set[str]:
    manifest = _json(text) or {}
    names: set[str] = set()
    for key in ("dependencies", "devDependencies", "peerDependencies"):
        table = manifest.get(key)
        if isinstance(table, dict):
            names |= set(table)
    return names & SERVER_PACKAGES


def _matches(
    contents: dict[str, str], files: re.Pattern[str], what: re.Pattern[str]
) -> list[tuple[str, str]]:
    """(path, match) for every match of WHAT in the files whose path matches FILES."""
    return sorted(
        (path, match.group(1))
        for path, text in contents.items()
        if files.search(path)
        for match in what.finditer(text)
    )


def _front_end(contents: dict[str, str]) -> list[tuple[str, str]]:
    found = []
    for path, text in sorted(contents.items()):
        if not path.endswith("package.json"):
            continue
        try:
            manifest = loads(text, "json")
        except ParseError:  # the scan's manifest reading warns about it already
            continue
        if not isinstance(manifest, dict):
            continue
        names = set()
        for key in ("dependencies", "devDependencies", "peerDependencies"):
            table = manifest.get(key)
            if isinstance(table, dict):
                names |= set(table)
        for name in sorted(names & FRONT_END_PACKAGES):
            found.append((path, name))
    return found


def _image_name(image: str) -> str:
    """'docker.io/library/node:20-alpine' → 'node'; keeps registries such as mcr.microsoft.com."""
    name = image.split("@", 1)[0]
    if ":" in name.rsplit("/", 1)[-1]:
        name = name.rsplit(":", 1)[0]
    for prefix in ("docker.io/library/", "docker.io/", "library/"):
        name = name.removeprefix(prefix)
    return name.lower()


def _facts_for(
    profile: Profile,
    paths: Iterable[str],
    actions: list[tuple[str, str]],
    images: list[tuple[str, str]],
    seen: Seen,
) -> list[str]:
    operations = profile.operations
    matching = [
        path
        for path in paths
        if any(
            fnmatch.fnmatchcase(posixpath.basename(path), pattern)
            for pattern in operations.manifests
        )
    ]
    manifests = [path for path in matching if path not in seen.client_only]
    facts = []
    if manifests:
        facts.append(f"manifest: {_examples(manifests)}")
    used = [
        f"{path} uses {action}"
        for path, action in actions
        if action.lower() in operations.ci_actions
    ]
    if used:
        facts.append(f"ci: {_examples(used)}")
    wanted_images = {image.lower() for image in operations.docker_images}
    built = [
        f"{path} builds on {image}" for path, image in images if _image_name(image) in wanted_images
    ]
    if built:
        facts.append(f"docker: {_examples(built)}")
    skipped = [
        f"{path} is {seen.client_only[path]}" for path in matching if path in seen.client_only
    ]
    skipped += [
        f"{path} uses {image} only in a build stage"
        for path, image in seen.build_only
        if _image_name(image) in wanted_images
    ]
    if profile.id == "node" and seen.front_end and not manifests:
        skipped += [f"{path} uses {name}" for path, name in seen.front_end]
    if skipped:
        facts.append(f"not counted (builds a client, not a back end): {_examples(skipped)}")
    return facts


def _examples(items: list[str]) -> str:
    shown = ", ".join(items[:MAX_EXAMPLES])
    more = len(items) - MAX_EXAMPLES
    return f"{shown} and {more} more" if more > 0 else shown
