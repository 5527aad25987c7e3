"""What the repository already has for each stack: manifests, CI steps, container images, and a
JavaScript front end that a Node service would share code with.

Read from the analysed revision's tree (never the work tree), so bare repositories work too.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Iterable

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
    }
)
MAX_EXAMPLES = 2


def operational_facts(repo: Repository, head: HeadTree, catalog: Catalog) -> dict[str, list[str]]:
    """Per stack id, facts as 'kind: what and where' (kinds: manifest, ci, docker, front_end)."""
    paths = [path for path in head.files if builtin_exclusion(path) is None]
    wanted = {
        head.files[path].sha: path
        for path in paths
        if head.files[path].size_bytes <= MAX_CONTENT_BYTES
        and (_WORKFLOW.search(path) or _DOCKERFILE.search(path) or path.endswith("package.json"))
    }
    contents = {
        wanted[sha]: data.decode("utf-8", "replace")
        for sha, data in (() if head.blobs_missing else read_tree_blobs(repo, head, wanted))
    }
    actions = _matches(contents, _WORKFLOW, _USES)
    images = _matches(contents, _DOCKERFILE, _IMAGE) + _matches(contents, _WORKFLOW, _IMAGE)
    front_end = _front_end(contents)
    return {
        profile.id: _facts_for(profile, paths, actions, images, front_end)
        for profile in catalog.profiles.values()
    }


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
    front_end: list[tuple[str, str]],
) -> list[str]:
    operations = profile.operations
    manifests = [
        path
        for path in paths
        if any(
            fnmatch.fnmatchcase(posixpath.basename(path), pattern)
            for pattern in operations.manifests
        )
    ]
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
    if profile.id == "node" and front_end:
        shared = [f"{path} uses {name}" for path, name in front_end]
        facts.append(f"front_end: a JavaScript front end to share code with ({_examples(shared)})")
    return facts


def _examples(items: list[str]) -> str:
    shown = ", ".join(items[:MAX_EXAMPLES])
    more = len(items) - MAX_EXAMPLES
    return f"{shown} and {more} more" if more > 0 else shown
