from __future__ import annotations

from analyzer.languages.attributes import AttributeIndex
from analyzer.languages.attributes import attributes_for
from analyzer.languages.attributes import parse_gitattributes


def test_long_lines_negations_and_unknown_languages_are_dropped_as_git_does():
    unknown: set[str] = set()
    text = (
        "*.a linguist-vendored\n"
        + "*.b linguist-vendored "
        + "x" * 2048
        + "\n"
        + "!*.c linguist-vendored\n"
        + "*.d linguist-language=no-such-language linguist-generated\n"
        + "*.e linguist-language=ruby\n"
        + "*.g linguist-language=js\n"
        + "*.h linguist-language=Jupyter-Notebook,Python\n"
        + "*.i linguist-language=golang,ruby\n"
        + "# *.f linguist-vendored\n"
    )
    rules = parse_gitattributes("lib", text, unknown)
    assert [(rule.folder, rule.pattern, rule.settings) for rule in rules] == [
        ("lib", "*.a", (("linguist-vendored", True),)),
        ("lib", "*.d", (("linguist-generated", True),)),
        ("lib", "*.e", (("linguist-language", "Ruby"),)),
        ("lib", "*.g", (("linguist-language", "JavaScript"),)),
        ("lib", "*.h", (("linguist-language", "Jupyter Notebook"),)),
        ("lib", "*.i", (("linguist-language", "Go"),)),
    ]
    assert unknown == {"no-such-language"}


ATTRIBUTE_LINES = """\
docs/x.md linguist-documentation
/top.py linguist-vendored
x.py linguist-generated
lib linguist-vendored
*.min.js linguist-generated
*.js -linguist-generated
*. linguist-language=Ruby
src/*.c linguist-vendored
**/gen/** linguist-generated
build/ linguist-vendored
.hidden/a.py linguist-vendored
a/./b.py linguist-vendored
a\\*b linguist-vendored
x.py -linguist-generated linguist-language=Go
"""
ATTRIBUTE_PATHS = (
    "docs/x.md", "docs/x.md/y.py", "a/docs/x.md", "top.py", "sub/top.py", "x.py", "deep/er/x.py",
    "x.py/inner.rb", "lib", "lib/a.py", "src/lib/b.go", "a.min.js", "w/a.min.js", "a.js",
    "b.", "src/k.c", "src/deep/k.c", "q/gen/z.py", "gen/z.py", "build/o.py", "z/build/o.py",
    ".hidden/a.py", "a/b.py", "a*b", "sub/docs/x.md", "sub/x.py", "sub/a.min.js", "sub/lib/c.py",
)  # fmt: skip


def test_attribute_index_matches_like_each_rule_in_turn():
    rules = parse_gitattributes("", ATTRIBUTE_LINES)
    rules += parse_gitattributes("sub", ATTRIBUTE_LINES)
    rules.sort(key=lambda rule: rule.folder.count("/") + bool(rule.folder))
    index = AttributeIndex(rules)
    found = {path: index.attributes(path) for path in ATTRIBUTE_PATHS}
    assert found == {path: attributes_for(path, rules) for path in ATTRIBUTE_PATHS}
    assert found["sub/x.py"] == {"linguist-generated": False, "linguist-language": "Go"}
    assert found["w/a.min.js"] == {"linguist-generated": False}
    assert found["lib/a.py"] == {"linguist-vendored": True}
    assert sum(bool(attributes) for attributes in found.values()) == 25
