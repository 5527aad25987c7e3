"""identify tags → GitHub Linguist language names, and each language's Linguist type.

The tags (identify's, which pre-commit uses) serve only the hooks' `types_or`: which files
pre-commit hands over. stackfit's own detection uses Linguist's tables (languages/linguist.py).
"""

from __future__ import annotations

from analyzer.data.linguist import LANGUAGE_TYPES

# Checked in order: the first tag of a file that appears here names its language. Specific tags
# come before generic ones (`c++` before `c`, for headers identify tags with both).
TAG_LANGUAGES: tuple[tuple[str, str], ...] = (
    ("python", "Python"),
    ("pyi", "Python"),
    ("cython", "Cython"),
    ("jupyter", "Jupyter Notebook"),
    ("tsx", "TypeScript"),  # Linguist's TSX belongs to the TypeScript group
    ("ts", "TypeScript"),
    ("jsx", "JavaScript"),
    ("javascript", "JavaScript"),
    ("coffee", "CoffeeScript"),
    ("go", "Go"),
    ("java", "Java"),
    ("kotlin", "Kotlin"),
    ("sbt", "Scala"),
    ("scala", "Scala"),
    ("groovy", "Groovy"),
    ("clojure", "Clojure"),
    ("ruby", "Ruby"),
    ("erb", "HTML+ERB"),
    ("php", "PHP"),
    ("c#", "C#"),
    ("f#", "F#"),
    ("vb", "Visual Basic .NET"),
    ("rust", "Rust"),
    ("objective-c++", "Objective-C++"),
    ("objective-c", "Objective-C"),
    ("c++", "C++"),
    ("c", "C"),
    ("swift", "Swift"),
    ("dart", "Dart"),
    ("elixir", "Elixir"),
    ("erlang", "Erlang"),
    ("haskell", "Haskell"),
    ("ocaml", "OCaml"),
    ("elm", "Elm"),
    ("julia", "Julia"),
    ("r", "R"),
    ("lua", "Lua"),
    ("perl", "Perl"),
    ("nim", "Nim"),
    ("zig", "Zig"),
    ("solidity", "Solidity"),
    ("powershell", "PowerShell"),
    ("batch", "Batchfile"),
    ("fish", "fish"),
    ("shell", "Shell"),
    ("dockerfile", "Dockerfile"),
    ("makefile", "Makefile"),
    ("cmake", "CMake"),
    ("terraform", "HCL"),
    ("hcl", "HCL"),
    ("nix", "Nix"),
    ("vim", "Vim Script"),
    ("sql", "SQL"),
    ("vue", "Vue"),
    ("svelte", "Svelte"),
    ("astro", "Astro"),
    ("html", "HTML"),
    ("css", "CSS"),
    ("scss", "SCSS"),
    ("sass", "Sass"),
    ("less", "Less"),
    ("jinja", "Jinja"),
    ("tex", "TeX"),
    ("mdx", "MDX"),
    ("markdown", "Markdown"),
    ("rst", "reStructuredText"),
    ("asciidoc", "AsciiDoc"),
    ("plain-text", "Text"),
    ("proto", "Protocol Buffer"),
    ("graphql", "GraphQL"),
    ("json5", "JSON5"),
    ("json", "JSON"),
    ("yaml", "YAML"),
    ("toml", "TOML"),
    ("ini", "INI"),
    ("csv", "CSV"),
    ("svg", "SVG"),
    ("xml", "XML"),
)

# Linguist's `type` of each language: programming and markup count toward skills and the
# language mix (as on GitHub's language bar); data and prose do not.
PROGRAMMING = "programming"
MARKUP = "markup"
DATA = "data"
PROSE = "prose"
SKILL_KINDS = frozenset({PROGRAMMING, MARKUP})

_MARKUP = {"HTML", "HTML+ERB", "CSS", "SCSS", "Sass", "Less", "Vue", "Svelte", "Astro", "TeX"}
_MARKUP |= {"Jinja", "MDX", "Jupyter Notebook"}
_DATA = {"JSON", "JSON5", "YAML", "TOML", "INI", "CSV", "XML", "SQL", "Protocol Buffer"}
_DATA |= {"GraphQL", "SVG"}
_PROSE = {"Markdown", "reStructuredText", "AsciiDoc", "Text"}


def _kind(language: str) -> str:
    if language in _MARKUP:
        return MARKUP
    if language in _DATA:
        return DATA
    if language in _PROSE:
        return PROSE
    return PROGRAMMING


LANGUAGE_KINDS: dict[str, str] = {
    **{language: _kind(language) for _, language in TAG_LANGUAGES},
    **LANGUAGE_TYPES,
}

# identify's tags for the manifests analyzer/code/manifests.py reads (package.json, requirements
# files, pyproject.toml, Pipfile, setup.cfg, go.mod, pom.xml, composer.json, Cargo.toml, *.csproj;
# Gemfile and build.gradle are tagged by their language): the guard hook also runs when only a
# manifest is staged, to judge the frameworks its new dependencies bring in.
MANIFEST_TAGS: tuple[str, ...] = ("go-mod", "ini", "json", "plain-text", "toml", "xml")
