"""The role of each current file: back-end, front-end, mobile, infrastructure, data or tests.

Rules on the path, the language and the frameworks the file imports, in order (the first that
matches wins), so that a React component in TypeScript is not taken for a Node server. Work per
contact and role is then summed with history/frameworks.py's `contact_work`, keyed
"role:language" so that a role can be read per language (skills/roles.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from analyzer.code.frameworks import all_frameworks

ROLES = ("back-end", "front-end", "mobile", "infrastructure", "data", "tests")
OTHER = "other"  # code with no role above (a C library, a shell script): counted in totals only

TEST_NAME = re.compile(
    r"(^test_.*\.py$|_test\.(py|go)$|\.(test|spec)\.[cm]?[jt]sx?$|Tests?\.(java|kt|cs)$"
    r"|_spec\.rb$|Test\.php$)"
)
TEST_FOLDERS = frozenset({"test", "tests", "__tests__", "spec", "specs", "e2e", "testing"})
INFRA_LANGUAGES = frozenset({"Dockerfile", "HCL", "Terraform", "Nix", "Jsonnet", "Starlark"})
INFRA_FOLDERS = frozenset({"terraform", "helm", "charts", "k8s", "kubernetes", "ansible", "deploy"})
INFRA_PATH = re.compile(r"(^|/)(\.github/workflows|\.circleci|\.gitlab-ci\.yml|Jenkinsfile)")
MOBILE_LANGUAGES = frozenset({"Swift", "Objective-C", "Objective-C++", "Dart"})
MOBILE_FOLDERS = frozenset({"android", "ios"})
DATA_LANGUAGES = frozenset({"Jupyter Notebook", "R"})
FRONT_END_LANGUAGES = frozenset(
    {"Vue", "Svelte", "Astro", "CSS", "SCSS", "Sass", "Less", "Stylus", "HTML", "Elm"}
)
FRONT_END_EXTENSIONS = (".tsx", ".jsx", ".vue", ".svelte")
FRONT_END_CONFIG = re.compile(r"^(vite|webpack|tailwind|postcss|rollup|babel)\.config\.[cm]?[jt]s$")
FRONT_END_FOLDERS = frozenset(
    {"frontend", "front-end", "client", "web", "webapp", "ui", "components", "pages", "public",
     "static", "assets", "browser", "www", "js", "resources"}
)  # fmt: skip
BROWSER_LANGUAGES = frozenset({"JavaScript", "TypeScript", "CoffeeScript"})
SERVER_CATEGORIES = frozenset({"web", "realtime", "messaging", "database"})
SERVER_FOLDERS = frozenset({"backend", "back-end", "server", "api", "services", "handlers"})
SERVER_LANGUAGES = frozenset(
    {"Go", "Java", "Kotlin", "Scala", "C#", "F#", "Python", "Ruby", "PHP", "Rust", "Elixir",
     "Erlang", "Clojure", "Groovy", "JavaScript", "TypeScript", "Crystal"}
)  # fmt: skip


def file_role(path: str, language: str, frameworks: tuple[str, ...] = ()) -> str:
    """The role of one file (one of ROLES, or OTHER)."""
    folders = {part.lower() for part in path.split("/")[:-1]}
    name = path.rsplit("/", 1)[-1]
    catalog = all_frameworks()
    categories = {catalog[item].category for item in frameworks if item in catalog}
    if TEST_NAME.search(name) or folders & TEST_FOLDERS:
        return "tests"
    if language in INFRA_LANGUAGES or folders & INFRA_FOLDERS or INFRA_PATH.search(path):
        return "infrastructure"
    if language in MOBILE_LANGUAGES or folders & MOBILE_FOLDERS:
        return "mobile"
    if language in DATA_LANGUAGES or "data-ml" in categories:
        return "data"
    if categories & SERVER_CATEGORIES or folders & SERVER_FOLDERS:
        return "back-end"
    if (
        language in FRONT_END_LANGUAGES
        or name.endswith(FRONT_END_EXTENSIONS)
        or FRONT_END_CONFIG.match(name)
    ):
        return "front-end"
    if language in BROWSER_LANGUAGES and folders & FRONT_END_FOLDERS:
        return "front-end"
    if language in SERVER_LANGUAGES:
        return "back-end"  # a server language's own use, unless a rule above said otherwise
    return OTHER


def file_roles(
    languages: Mapping[str, str], file_frameworks: Mapping[str, tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    """Current path → ("role:language",), for contact_work to sum per contact."""
    return {
        path: (f"{file_role(path, language, file_frameworks.get(path, ()))}:{language}",)
        for path, language in sorted(languages.items())
    }
