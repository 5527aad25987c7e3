"""Reports that fit: the Markdown in a few screens, the page on a 1,400-pixel screen."""

from __future__ import annotations

import re

import pytest

from analyzer.report.page.html import TEMPLATES
from tests.conftest import run_stackfit
from tests.gitrepo import GitRepo
from tests.gitrepo import lines
from tests.report.test_page import Visit
from tests.report.test_page import browser as browser  # the module's Chromium fixture

EXTENSIONS = ("py", "go", "rb", "js", "ts", "java", "kt", "rs", "c", "cpp", "cs", "php", "swift",
              "scala", "hs", "ex", "erl", "clj", "lua", "pl", "r", "jl", "dart", "ml", "fs", "nim",
              "zig", "vue", "svelte", "sh")  # fmt: skip
CJK = "王小明 <wang@example.com>"


@pytest.fixture(scope="module")
def crowd(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    """A founder's 40 months (from 2022-01) in 30 languages; then 20 people and a CJK name
    active in 2025, the CJK name also in a Flask service."""
    repo = GitRepo(tmp_path_factory.mktemp("crowd") / "project")
    for index in range(40):
        month = f"{2022 + index // 12}-{index % 12 + 1:02d}-03T10:00:00+00:00"
        extension = EXTENSIONS[index % len(EXTENSIONS)]
        repo.commit({f"src/f{index % 30}.{extension}": lines(30 + index)}, date=month)
    for week in range(12):
        day = f"2025-0{week // 4 + 3}-{week % 4 * 7 + 1:02d}T10:00:00+00:00"
        repo.commit({"web/app.py": "import flask\n" + lines(60 + 9 * week)}, author=CJK, date=day)
        for index in range(20):
            person = f"Person {index:02d} <p{index}@example.com>"
            code = lines(40 + week * 5, f"p{index}")
            repo.commit({f"team/p{index}.py": code}, author=person, date=day)
    return repo


def markdown(repo: GitRepo, *args: str) -> str:
    result = run_stackfit("report", str(repo.path), "--format", "markdown", "-o", "-", "--as-of",
                          "2025-06-01", "--needs", "api", "--quiet", *args)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_markdown_fits_a_few_screens_and_all_lists_everything(crowd):
    short = markdown(crowd)
    assert short.startswith("# Team skills report: project\n")  # the folder, not the path
    skills = short.split("## Skills")[1].split("\n## ")[0]
    rows = [line.split(" | ")[0] for line in skills.splitlines() if line.startswith("| ")][2:]
    assert rows[0] == "| Alice Smith" and len(rows) == 15
    assert "… and 7 more people with a skill level or active (`--all` lists them)." in short
    periods = re.findall(r"^\| (\d{4}(?:-\d\d)?) \|", short, flags=re.MULTILINE)
    assert periods == ["2022", "2023", "2024", *[f"2024-{month:02d}" for month in range(6, 13)],
                       *[f"2025-{month:02d}" for month in range(1, 6)]]  # fmt: skip
    assert "… and 20 more languages (`--all` lists them)." in short
    every = markdown(crowd, "--all")
    skills = every.split("## Skills")[1].split("\n## ")[0]
    assert len([line for line in skills.splitlines() if line.startswith("| ")]) == 2 + 22
    assert len(re.findall(r"^\| \d{4}-\d\d \| \d", every, flags=re.MULTILINE)) == 41
    assert "more languages" not in every and "more people" not in every
    assert len(short.splitlines()) < 200 < len(every.splitlines())


def test_one_colour_per_meaning():
    css = (TEMPLATES / "report.css").read_text()
    light = css.split("@media")[0]
    colours = dict(re.findall(r"--(risk|mix|people|late-dot|accent|ai):\s*(#[0-9a-f]{6})", light))
    classes = dict(
        re.findall(r"^\.((?:c|lang)-[\w-]+) \{ fill: (#[0-9a-f]{6});", css, re.MULTILINE)
    )
    assert len(classes) == 13
    meanings = {**colours, **{name: value for name, value in classes.items() if name != "c-risk"}}
    assert classes["c-risk"] == colours["risk"]  # the risk criterion is a risk
    assert len(set(meanings.values())) == len(meanings), meanings


def test_page_fits_a_wide_screen_with_frameworks_and_cjk_names(browser, crowd, tmp_path):
    flask = "import flask\n"
    for week in range(6):
        crowd.commit(
            {"web/app.py": flask + lines(20 + week)},
            author=CJK,
            date=f"2025-05-0{week + 1}T10:00:00+00:00",
        )
    page = tmp_path / "crowd.html"
    result = run_stackfit("report", str(crowd.path), "-o", str(page), "--as-of", "2025-06-01",
                          "--needs", "api", "--quiet")  # fmt: skip
    assert result.returncode == 0, result.stderr
    html = page.read_text()
    assert (
        "<title>Team skills · project</title>" in html
        and str(crowd.path) not in html.split("<main")[0]
    )
    visit = Visit(browser, page)
    visit.page.set_viewport_size({"width": 1400, "height": 900})
    widths = visit.page.evaluate(
        """() => {
          const section = document.querySelector('#skills');
          const box = section.querySelector('.scroll').getBoundingClientRect();
          const card = section.getBoundingClientRect();
          const name = [...document.querySelectorAll('table.heat th .name')]
            .find(el => el.textContent === '王小明');
          return {page: document.documentElement.scrollWidth, right: box.right,
                  card: card.right, name: name.getBoundingClientRect().width,
                  font: getComputedStyle(name).fontFamily,
                  frameworks: [...section.querySelectorAll('thead th')].map(th => th.textContent)};
        }"""
    )
    assert widths["page"] <= 1400 and widths["right"] <= widths["card"]
    assert widths["name"] > 0 and "Noto Sans CJK SC" in widths["font"]
    assert "Frameworks" in widths["frameworks"]
    assert "Flask" in visit.text()
    visit.close()
