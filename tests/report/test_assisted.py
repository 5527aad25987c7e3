"""The page's AI assistance by month, in a real Chromium: the right months, the right shares,
months without commits said so, and the page still inside its cards on a 1,400-pixel screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gitrepo import GitRepo
from tests.gitrepo import lines
from tests.report.test_page import ALICE
from tests.report.test_page import QUOTER
from tests.report.test_page import Visit
from tests.report.test_page import browser as browser  # the module's Chromium fixture
from tests.report.test_page import page_html as page_html  # a team with no AI assistance
from tests.report.test_page import report
from tests.report.test_page import team as team

CLAUDE = "Claude <noreply@anthropic.com>"
# Month → (commits, of which co-authored by Claude). 2025-03 is the first assisted month, but
# more than a year before the last (2026-04): the view starts at 2025-05.
MONTHS = {
    "2025-03": (2, 1),
    "2025-04": (2, 0),
    "2025-05": (4, 1),
    "2025-06": (4, 0),
    "2025-08": (3, 1),
    "2025-09": (4, 2),
    "2025-12": (4, 3),
    "2026-01": (2, 2),
    "2026-02": (5, 2),
    "2026-04": (4, 1),
}


@pytest.fixture(scope="module")
def assisted_repo(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    repo = GitRepo(tmp_path_factory.mktemp("assisted") / "repo")
    for month, (commits, assisted) in MONTHS.items():
        for day in range(commits):
            author = ALICE if day % 2 else QUOTER
            path = "backend/api.py" if day % 2 else "web/src/App.tsx"
            repo.commit(
                {path: lines(20 * (day + 1), month)},
                author=author,
                date=f"{month}-{day + 1:02d}T10:00:00+00:00",
                coauthors=(CLAUDE,) if day < assisted else (),
            )
    return repo


@pytest.fixture(scope="module")
def assisted_page(assisted_repo: GitRepo) -> Path:
    return report(assisted_repo, assisted_repo.path.parent / "assisted.html", "--needs", "api")


def test_markdown_lists_the_same_months(assisted_repo, tmp_path):
    text = report(assisted_repo, tmp_path / "team.md", "--format", "markdown").read_text()
    start = text.index("AI-assisted commits by month")
    table = text[start:].split("\n\n")[1].splitlines()
    assert "| AI assistance | 13 of 34 commits (38%)" in text
    assert table == [
        "| Month | Commits | AI-assisted | Share |",
        "| --- | ---: | ---: | ---: |",
        "| 2025-05 | 4 | 1 | 25% |",
        "| 2025-06 | 4 | 0 | 0% |",
        "| 2025-07 | no commits | · | · |",
        "| 2025-08 | 3 | 1 | 33% |",
        "| 2025-09 | 4 | 2 | 50% |",
        "| 2025-10 | no commits | · | · |",
        "| 2025-11 | no commits | · | · |",
        "| 2025-12 | 4 | 3 | 75% |",
        "| 2026-01 | 2 | 2 | 100% |",
        "| 2026-02 | 5 | 2 | 40% |",
        "| 2026-03 | no commits | · | · |",
        "| 2026-04 | 4 | 1 | 25% |",
    ]


def test_ai_assistance_by_month_shows_the_last_year_with_exact_shares(browser, assisted_page):
    visit = Visit(browser, assisted_page)
    page = visit.page
    assert page.locator("#activity-ai-h").inner_text() == "AI ASSISTANCE"  # h3: upper case
    rows = [
        [cell.inner_text() for cell in row.locator("th, td").all()]
        for row in page.locator("table.assisted tbody tr").all()
    ]
    assert rows == [
        ["2025-05", "4", "1", "25%"],
        ["2025-06", "4", "0", "0%"],
        ["2025-07", "no commits"],
        ["2025-08", "3", "1", "33%"],
        ["2025-09", "4", "2", "50%"],
        ["2025-10", "no commits"],
        ["2025-11", "no commits"],
        ["2025-12", "4", "3", "75%"],
        ["2026-01", "2", "2", "100%"],
        ["2026-02", "5", "2", "40%"],
        ["2026-03", "no commits"],
        ["2026-04", "4", "1", "25%"],
    ]
    bars = page.evaluate(
        """() => [...document.querySelectorAll('table.assisted .meter')].map(meter =>
             meter.querySelector('.ai').getBoundingClientRect().width
             / meter.getBoundingClientRect().width)"""
    )
    shares = [1 / 4, 0, 1 / 3, 2 / 4, 3 / 4, 1, 2 / 5, 1 / 4]
    assert bars == pytest.approx(shares, abs=0.01)
    colour = page.evaluate(
        "getComputedStyle(document.querySelector('table.assisted .ai')).backgroundColor"
    )
    assert colour == "rgb(0, 158, 115)"  # the one colour for AI-assisted
    summary = page.locator("table.assisted + p").inner_text()
    assert summary.startswith("In all: 13 of 34 commits (38%) and ")
    assert "since 2025-03, by Claude (13)" in summary
    visit.close()


def test_ai_assistance_is_left_out_without_any(browser, page_html):
    visit = Visit(browser, page_html)
    assert visit.page.locator("#activity-ai-h, table.assisted").count() == 0
    assert "AI assistance\tnone (no commit authored or co-authored" in visit.text()
    visit.close()


def test_page_with_ai_roles_and_reasons_stays_in_its_cards_at_1400(browser, assisted_page):
    visit = Visit(browser, assisted_page)
    visit.page.set_viewport_size({"width": 1400, "height": 900})
    overflows = visit.page.evaluate(
        """() => {
          const out = [];
          for (const section of document.querySelectorAll('main section')) {
            const card = section.getBoundingClientRect();
            for (const element of section.querySelectorAll('table, .scroll, figure, summary')) {
              const box = element.getBoundingClientRect();
              if (box.width && (box.right > card.right + 0.5 || box.left < card.left - 0.5))
                out.push(`${section.id} ${element.tagName}.${element.className}`);
            }
          }
          return {page: document.documentElement.scrollWidth, out};
        }"""
    )
    assert overflows["page"] <= 1400 and overflows["out"] == []
    visit.close()
