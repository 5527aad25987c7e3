"""`stackfit report`: the page opened in a real headless Chromium, hostile names kept as text,
and the Markdown form pinned by an inline snapshot."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from textwrap import dedent
from typing import Any

import pytest

from tests.conftest import run_stackfit
from tests.gitrepo import GitRepo
from tests.gitrepo import git_env
from tests.gitrepo import lines

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AS_OF = "2026-06-01"
ALICE = "Alice Smith <alice@example.com>"
BOB = "Bob | *Jones* <bob@example.com>"
# git strips < and > from names, but keeps quotes, ampersands and entity-like text: an attribute
# breakout and a pre-escaped tag. Paths keep everything.
QUOTER = 'Eve" onmouseover="window.__pwned=1 O\'Hara & Co <eve@example.com>'
ENTITY = "Mallory &lt;script&gt;window.__pwned=2&lt;/script&gt; <mallory@example.com>"
EVIL_DIR = '"><img src=x onerror=window.__pwned=3>'
EVIL_FILE = '"><img src=x onerror=window.__pwned=4>.py'
# Co-authored-by trailers are parsed by stackfit, not git: the address keeps quotes.
EVIL_COAUTHOR = 'Trudy <trudy"onmouseover="window.__pwned=5@example.com>'


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    """Fixed dates, two real engineers and two hostile names, a hostile directory and file."""
    repo = GitRepo(tmp_path_factory.mktemp("report") / "repo")
    for week in range(20):
        day = f"2026-0{1 + week // 5}-{1 + week % 5 * 5:02d}T10:00:00+02:00"
        repo.commit({f"app/m{week % 3}.py": lines(30 * (week // 3 + 1))}, author=ALICE, date=day)
    repo.commit({"svc/main.go": lines(40)}, author=BOB, date="2026-05-01T09:00:00-07:00")
    repo.commit({"svc/main.go": lines(80)}, author=BOB, date="2026-05-09T21:00:00-07:00",
                coauthors=(ALICE, EVIL_COAUTHOR))  # fmt: skip
    repo.commit({f"{EVIL_DIR}/package.json": "{}\n", EVIL_FILE: lines(20)}, author=QUOTER,
                date="2026-05-12T23:30:00+00:00")  # fmt: skip
    repo.commit({"lib/x.py": lines(15)}, author=ENTITY, date="2026-05-20T12:00:00+00:00")
    repo.commit({"requirements.txt": "a==1\n"},
                author="dependabot[bot] <1+dependabot[bot]@users.noreply.github.com>",
                date="2026-05-10T00:00:00+00:00")  # fmt: skip
    return repo


def report(repo: GitRepo, output: Path, *args: str) -> Path:
    result = run_stackfit("report", str(repo.path), "-o", str(output), "--as-of", AS_OF,
                          "--no-cache", *args)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return output


# --- the page in a real browser ---------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium through Playwright; never a browser Playwright would download."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does it)")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with playwright_api.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """A page opened on a report, with everything it tried to do."""

    def __init__(self, browser: Any, path: Path, *, scheme: str = "light") -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        self.console: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on(
            "console", lambda message: self.console.append(f"{message.type}: {message.text}")
        )
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)

    def text(self) -> str:
        return self.page.inner_text("body")  # type: ignore[no-any-return]

    def close(self) -> None:
        self.page.close()


@pytest.fixture(scope="module")
def page_html(team: GitRepo, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("html")
    return report(team, folder / "team-skills.html", "--needs", "api")


def test_page_loads_clean_with_no_network(browser, page_html, tmp_path_factory):
    visit = Visit(browser, page_html)
    assert visit.requests == [visit.url]  # the file itself, nothing else
    assert [line for line in visit.console if line.startswith("error")] == []
    assert visit.errors == []
    # a test artifact: pytest's temporary folder, or STACKFIT_ARTIFACTS when CI collects one
    artifacts = os.environ.get("STACKFIT_ARTIFACTS")
    shots = Path(artifacts) if artifacts else tmp_path_factory.mktemp("screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    visit.page.screenshot(path=str(shots / "report-light.png"), full_page=True)
    visit.close()
    dark = Visit(browser, page_html, scheme="dark")
    dark.page.screenshot(path=str(shots / "report-dark.png"), full_page=True)
    background = dark.page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)"  # dark mode follows the system
    dark.close()
    assert (shots / "report-light.png").stat().st_size > 10_000
    print(f"screenshots: {shots}")


def test_page_forbids_scripts_and_requests(page_html):
    html = page_html.read_text()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert policy is not None
    assert "default-src 'none'" in policy.group(1)
    assert "script-src" not in policy.group(1)  # default-src 'none' covers scripts
    assert "<script" not in html.lower()
    assert not re.search(r"(src|href)=\"(https?:)?//", html)  # nothing to fetch, anywhere
    assert 'name="viewport"' in html


def test_page_shows_the_team(browser, page_html):
    visit = Visit(browser, page_html)
    heatmap = visit.page.locator("table.heat")
    rows = {
        heatmap.locator("tbody tr").nth(index).locator("th").inner_text(): heatmap.locator(
            "tbody tr"
        )
        .nth(index)
        .inner_text()
        for index in range(heatmap.locator("tbody tr").count())
    }
    assert "Alice Smith" in rows
    alice = rows["Alice Smith"]
    assert "20" in alice and "proficient" in alice and "0.55" in alice
    assert "familiar\u00a00.20" in alice.replace(" ", "\u00a0") or "familiar 0.20" in alice
    assert "Bob | *Jones*" in rows
    text = visit.text()
    assert "25 commits analysed" in text  # the bot's commit is set aside
    assert "Python: 1 proficient, 2 familiar" in text  # strongest languages
    assert "Python rests on one person, Alice Smith" in text
    assert "Recommendation" in text and "Needs: api (from --needs)." in text
    assert "Excluded bots" in text and "dependabot[bot] (1)" in text
    # every chart has its data table
    for summary in ("language mix", "truck factor", "activity per month", "weekday and hour",
                    "contribution of each criterion", "commits per month by language"):  # fmt: skip
        assert visit.page.locator(f"summary:has-text('{summary}')").count() == 1
    figures = visit.page.locator("svg[role=img]")
    assert figures.count() == 6
    assert visit.page.locator("#activity figcaption.legend").inner_text().split() == [
        "Python",
        "Go",
    ]
    blocks = visit.page.locator("#activity svg rect[class^=lang-] title").all_text_contents()
    assert blocks == [
        *(f"2026-0{month}: Python 5 commits" for month in range(1, 5)),
        "2026-05: Python 2 commits",  # the two newcomers' files; Alice's Python ended in April
        "2026-05: Go 2 commits",
    ]
    for index in range(figures.count()):
        assert figures.nth(index).locator("title").first.text_content()
    visit.close()


def test_hostile_names_and_paths_are_text(browser, page_html):
    html = page_html.read_text()
    for variant in (html, _without_policy(html)):  # escaping alone must hold, CSP or not
        target = page_html.with_name("variant.html")
        target.write_text(variant)
        visit = Visit(browser, target)
        page = visit.page
        page.mouse.move(10, 10)
        for element in page.locator("table.heat th[title]").all():
            element.hover()
        assert page.evaluate("window.__pwned") is None
        assert page.locator("img").count() == 0
        assert page.locator("script").count() == 0
        assert page.locator("[onmouseover], [onerror]").count() == 0
        text = visit.text()
        assert 'Eve" onmouseover="window.__pwned=1 O\'Hara & Co' in text
        assert "Mallory &lt;script&gt;window.__pwned=2&lt;/script&gt" in text  # git drops the ;
        everything = page.locator("body").text_content()  # closed <details> too
        assert EVIL_DIR + "/package.json" in everything  # an operational fact of the Node stack
        assert [line for line in visit.console if line.startswith("error")] == []
        visit.close()
    assert "trudy" not in html  # e-mail addresses stay out unless --show-emails


def test_hostile_emails_are_text_when_shown(browser, team, tmp_path):
    path = report(team, tmp_path / "emails.html", "--needs", "api", "--show-emails")
    html = path.read_text()
    assert "alice@example.com" in html
    visit = Visit(browser, tmp_path / "emails.html")
    assert visit.page.evaluate("window.__pwned") is None
    assert visit.page.locator("[onmouseover]").count() == 0
    assert 'trudy"onmouseover="window.__pwned=5@example.com' in visit.text()
    visit.close()


@pytest.fixture(scope="module")
def roles_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A back-end engineer and a hostile name writing the front end and its tests: the page,
    and what `recommend --format json` says of the same repository."""
    folder = tmp_path_factory.mktemp("roles")
    repo = GitRepo(folder / "repo")
    for week in range(8):
        day = f"2026-0{1 + week // 2}-{1 + week % 2 * 14:02d}T10:00:00+00:00"
        repo.commit({"backend/api.py": lines(40 * (week + 1))}, author=ALICE, date=day)
        web = {"web/src/App.tsx": lines(30 * (week + 1), "app")}
        if week % 4 == 3:
            web["web/tests/app.test.ts"] = lines(10 * (week + 1), "test")
        repo.commit(web, author=QUOTER, date=day)
    page = report(repo, folder / "roles.html", "--needs", "api")
    result = run_stackfit("recommend", str(repo.path), "--format", "json", "--needs", "api",
                          "--as-of", AS_OF, "--no-cache")  # fmt: skip
    assert result.returncode == 0, result.stderr
    return page, json.loads(result.stdout)


def test_page_shows_each_persons_roles_and_each_stacks_reason(browser, roles_page):
    path, ranking = roles_page
    visit = Visit(browser, path)
    page = visit.page
    headers = page.locator("table.heat thead th").all_inner_texts()
    assert headers[-1] == "Roles"
    roles = {
        row.locator("th").inner_text(): row.locator("td.roles").inner_text()
        for row in page.locator("table.heat tbody tr").all()
        if row.locator("td.roles").is_visible()
    }
    assert roles == {
        "Alice Smith": "back-end 100%",
        'Eve" onmouseover="window.__pwned=1 O\'Hara & Co': "front-end 75%, tests 25%",
    }
    summaries = page.locator("#recommendation details.evidence > summary")
    assert summaries.count() == len(ranking["ranking"]) == 9
    for index, item in enumerate(ranking["ranking"]):
        why = summaries.nth(index).locator(".why")
        assert why.is_visible()
        assert why.inner_text() == item["reason"]
        assert (
            summaries.nth(index).inner_text()
            == f"{item['name']} {item['score']:.2f} {item['reason']}"
        )
    table = page.locator("#recommendation table.data")
    assert table.locator("thead th").last.text_content() == "Why"  # in closed <details>
    assert table.locator("td.why").all_text_contents() == [
        item["reason"] for item in ranking["ranking"]
    ]
    for element in page.locator("table.heat th[title]").all():
        element.hover()
    assert page.evaluate("window.__pwned") is None
    assert page.locator("[onmouseover], img, script").count() == 0
    visit.close()


def test_page_loads_fast(browser, page_html):
    visit = Visit(browser, page_html)
    timing = visit.page.evaluate(
        "(() => { const t = performance.getEntriesByType('navigation')[0];"
        " return t.loadEventEnd - t.startTime; })()"
    )
    assert 0 < timing < 1000
    visit.close()


def _without_policy(html: str) -> str:
    return re.sub(r"<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "", html)


# --- Markdown ---------------------------------------------------------------------------------

PROFILES = {
    "_sources.yaml": """\
        judgement:
          title: "Test judgement: made up for the golden test"
          url: null
          date: "2026-01"
        """,
    "pylike.yaml": """\
        id: pylike
        name: Pylike
        languages: [Python]
        adjacent: []
        needs:
          api: {strength: 0.8, source: judgement, rationale: "mature | *web* frameworks"}
          realtime: {strength: 0.5, source: judgement, rationale: "asyncio"}
          data-ml: {strength: 1.0, source: judgement, rationale: "numpy"}
          cpu-heavy: {strength: 0.5, source: judgement, rationale: "C extensions"}
          high-throughput: {strength: 0.3, source: judgement, rationale: "processes"}
          infra: {strength: 0.6, source: judgement, rationale: "glue"}
        performance:
          throughput_rps: {value: 5000, detail: "fastapi", source: judgement}
          cold_start_ms: {value: 80, detail: "Python", source: judgement}
          memory_mb: {value: 40, detail: "Python", source: judgement}
        hiring:
          developers_millions: {value: 16, detail: "Python", source: judgement}
        operations:
          manifests: [requirements.txt]
          ci_actions: []
          docker_images: []
        ecosystem: []
        """,
    "golike.yaml": """\
        id: golike
        name: Golike
        languages: [Go]
        adjacent: []
        needs:
          api: {strength: 0.7, source: judgement, rationale: "net/http"}
          realtime: {strength: 0.9, source: judgement, rationale: "goroutines"}
          data-ml: {strength: 0.2, source: judgement, rationale: "few libraries"}
          cpu-heavy: {strength: 0.8, source: judgement, rationale: "compiled"}
          high-throughput: {strength: 0.9, source: judgement, rationale: "small binaries"}
          infra: {strength: 1.0, source: judgement, rationale: "Kubernetes"}
        performance:
          throughput_rps: {value: 40000, detail: "gin", source: judgement}
          cold_start_ms: {value: 50, detail: "Go", source: judgement}
          memory_mb: {value: 20, detail: "Go", source: judgement}
        hiring:
          developers_millions: {value: 4, detail: "Go", source: judgement}
        operations:
          manifests: [go.mod]
          ci_actions: []
          docker_images: []
        ecosystem: []
        """,
}


@pytest.fixture(scope="module")
def golden(tmp_path_factory: pytest.TempPathFactory) -> tuple[GitRepo, Path]:
    """A small team with fixed dates, and two made-up stack profiles: every number is known."""
    folder = tmp_path_factory.mktemp("golden")
    profiles = folder / "profiles"
    profiles.mkdir()
    for name, text in PROFILES.items():
        (profiles / name).write_text(dedent(text))
    repo = GitRepo(folder / "repo")
    for week in range(10):
        day = f"2026-0{1 + week // 4}-{1 + week % 4 * 7:02d}T1{week % 10}:00:00+01:00"
        repo.commit({f"app/m{week % 2}.py": lines(40 * (week // 2 + 1))}, author=ALICE, date=day)
    repo.commit({"svc/main.go": lines(60)}, author=BOB, date="2026-03-14T20:30:00+00:00")
    repo.commit({"requirements.txt": "a==1\n"}, author=ALICE, date="2026-03-20T09:00:00+00:00")
    return repo, profiles


def markdown(repo: GitRepo, profiles: Path, *args: str) -> str:
    result = run_stackfit("report", str(repo.path), "--format", "markdown", "-o", "-", "--as-of", AS_OF,
                          "--needs", "api", "--profiles", str(profiles), *args)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.replace(str(repo.path), "REPO").replace(repo.head()[:12], "SHA")


def test_markdown_golden(golden):
    assert markdown(*golden) == dedent(
        """\
        # Team skills report: repo

        Revision HEAD at SHA, as of 2026-06-01: truck factor: 1 (Alice Smith), over 3 files with a known author; 2 active people of 2 who ever committed; 12 commits analysed; history from 2026-01-01 to 2026-03-20.

        ## Summary

        - **Strongest languages:** Python: 1 familiar; Go: 1 familiar
        - **Risks:**
          - Python rests on one person, Alice Smith (truck factor 1, 88% of the code)
          - Go rests on one person, Bob \\| \\*Jones\\* (truck factor 1, 12% of the code)
          - After-hours work is rising: 75% of commits in the last 3 months, up from 50% in the 3 before.
        - **After hours:** 58% of commits
        - **Recommendation:** Pylike leads with 0.56, 0.24 ahead of Golike.

        ## Skills: people × languages

        | Person | Active | Commits | Python | Go | Roles |
        | --- | --- | ---: | --- | --- | --- |
        | Alice Smith | yes | 11 | familiar 0.44 | · | back-end 100% |
        | Bob \\| \\*Jones\\* | yes | 1 | · | familiar 0.19 | back-end 100% |

        Scores 0–1 from the volume, steadiness and recency of each person's commits: 0.70+ expert, 0.45+ proficient, 0.15+ familiar.

        ## Language mix

        | Language | Share | Files | kB |
        | --- | ---: | ---: | ---: |
        | Python | 87.8% | 2 | 3.4 |
        | Go | 12.2% | 1 | 0.5 |

        ## Truck factor

        | Language | Truck factor | Key people | Orphaned / authored files | Expert | Proficient | Familiar |
        | --- | ---: | --- | ---: | ---: | ---: | ---: |
        | Python | 1 | Alice Smith | 0 / 2 | 0 | 0 | 1 |
        | Go | 1 | Bob \\| \\*Jones\\* | 0 / 1 | 0 | 0 | 1 |

        ## Activity over time

        The last 12 months of the history month by month, the years before them whole (`--all`: every month).

        | Period | Commits | Contributors | Lines changed | After hours | Joined | Left |
        | --- | ---: | ---: | ---: | ---: | --- | --- |
        | 2026-01 | 4 | 1 | 160 | 0% | Alice Smith |  |
        | 2026-02 | 4 | 1 | 160 | 100% |  |  |
        | 2026-03 | 4 | 2 | 140 | 75% | Bob \\| \\*Jones\\* |  |

        - After-hours work is rising: 75% of commits in the last 3 months, up from 50% in the 3 before.

        ## Activity by language

        Commits touching each language in the last 12 months of the history and before them; a commit in two languages counts in both.

        | Language | Commits, last 12 months | Lines changed, last 12 months | Commits before | Lines changed before |
        | --- | ---: | ---: | ---: | ---: |
        | Python | 10 | 400 | 0 | 0 |
        | Go | 1 | 60 | 0 | 0 |

        ## When the team commits

        After hours: 58% of commits (outside 08:00–19:00 or at weekends, in the author's own time zone).

        | Day | 00 | 01 | 02 | 03 | 04 | 05 | 06 | 07 | 08 | 09 | 10 | 11 | 12 | 13 | 14 | 15 | 16 | 17 | 18 | 19 | 20 | 21 | 22 | 23 |
        | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
        | Monday | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | Tuesday | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | Wednesday | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | Thursday | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 | 1 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | Friday | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
        | Saturday | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 0 |
        | Sunday | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 | 1 | 1 | 1 | 1 | 0 | 0 | 0 | 0 |

        ## Recommendation

        **Pylike leads with 0.56, 0.24 ahead of Golike.**

        - Needs: api (from --needs).
        - No single --weight value from 0 to 1 changes the winner.
        - Confidence 0.04 (low) in Pylike: 0.5 capable people with direct skill and 0.0 transferred (×0.48); 12 commits analysed (×0.20); 78 days of history (×0.46); 2 active people (×0.82).

        | Stack | Score | team\\_fit | needs\\_fit | performance\\_fit | hiring | operational\\_fit | risk | Why |
        | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
        | Pylike | 0.56 | +0.167 | +0.222 | +0.000 | +0.167 | +0.056 | -0.050 | 16 M developers use Python |
        | Golike | 0.32 | +0.091 | +0.194 | +0.000 | +0.083 | +0.000 | -0.050 | 4 M developers use Go |

        Cells are contributions (weight × criterion score). Weights: team\\_fit 0.44, needs\\_fit 0.28, performance\\_fit 0.00, hiring 0.17, operational\\_fit 0.11, risk 0.10.

        ### Pylike: 0.56

        - **team\\_fit** 0.37 × 0.44 = +0.167
          - 1 back-end Python engineer, 0 at expert level
          - capable people 0.5 (0 at familiar, 1 at expert, linear)
          - active people changed 400 lines of Python
          - Alice Smith: Python back-end → 0.44
          - truck factor of Python: 1
          - team\\_fit = 0.5×0.44 best + 0.3×0.19 depth (1 − e^(−0.5/2.5)) + 0.2×0.50 coverage
        - **needs\\_fit** 0.80 × 0.28 = +0.222
          - api 0.80: mature \\| \\*web\\* frameworks
        - **performance\\_fit** 0.00 × 0.00 = +0.000
          - not weighed: no need asks for throughput, latency, CPU or cold start
        - **hiring** 1.00 × 0.17 = +0.167
          - 16 M developers use Python (Test judgement, 2026-01)
        - **operational\\_fit** 0.50 × 0.11 = +0.056
          - manifest: requirements.txt
        - **risk** 0.50 × 0.10 = -0.050
          - rests on fewer than two capable people
          - 0.5 capable people with direct skill (transferred skill carries no code)
          - risk = 0.5 × clamp(2 − 0.5, 0, 1)

        The evidence behind the other stacks: `stackfit recommend --explain`, or `--all`.

        ## Scope and method

        | | |
        | --- | --- |
        | Repository | REPO |
        | Revision | HEAD (SHA) |
        | Commits | 12 analysed, the whole history |
        | As of | 2026-06-01: active means a commit in the 180 days before |
        | Excluded bots | none |
        | AI assistance | none (no commit authored or co-authored by a known AI coding agent) |
        | Excluded paths | none |
        | People | real names; e-mail addresses hidden (--show-emails shows them) |
        | Model | skills halve after 365 days unused; bulk commits (≥ 1,000 lines across ≥ 20 files) down-weighted; config: defaults |
        | After hours | outside 08:00–19:00 or at weekends, in the author's own time zone |

        Scores are estimates from commit history, not a measure of anyone's ability or worth.
        """
    )


def test_markdown_escapes_hostile_names(team, tmp_path):
    text = report(team, tmp_path / "team.md", "--format", "markdown", "--needs", "api",
                  "--all").read_text()  # fmt: skip
    assert "Bob \\| \\*Jones\\*" in text
    assert "Mallory \\&lt;script\\&gt;" in text  # an entity stays text, not a <
    assert "\\<img src=x onerror=window.\\_\\_pwned=3\\>" in text
    assert not re.search(r"(?<!\\)<", text)  # every < escaped: no raw HTML
    assert "alice@example.com" not in text
    for line in text.splitlines():
        if line.startswith("| "):
            assert line.endswith(" |"), line


# --- progress ---------------------------------------------------------------------------------


def run_with_terminal_stderr(*args: str, stdout_too: bool = False) -> tuple[int, bytes, bytes]:
    """Run stackfit with stderr on a pseudo-terminal (as a person runs it), stdout a pipe, or
    with STDOUT_TOO the same terminal (then all the output is in the third item)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "analyzer", *args],
        stdout=follower if stdout_too else subprocess.PIPE,
        stderr=follower,
        env=git_env({"TERM": "xterm-256color", "COLUMNS": "100"}),
    )
    os.close(follower)
    seen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        elif process.poll() is not None:
            break
    stdout = process.stdout.read() if process.stdout else b""
    process.wait()
    os.close(leader)
    return process.returncode, stdout, seen


def test_progress_only_on_a_terminal_and_never_with_quiet(golden):
    repo, profiles = golden
    base = ("report", str(repo.path), "--format", "markdown", "-o", "-", "--needs", "api",
            "--profiles", str(profiles), "--as-of", AS_OF, "--no-cache")  # fmt: skip
    status, stdout, terminal = run_with_terminal_stderr(*base)
    assert status == 0
    assert b"reading history" in terminal
    assert stdout.startswith(b"# Team skills report")  # machine-readable output stays clean
    status, stdout, terminal = run_with_terminal_stderr(*base, "--quiet")
    assert status == 0 and terminal == b""
    piped = run_stackfit(*base)
    assert piped.returncode == 0 and piped.stderr == ""


# --- chart geometry ---------------------------------------------------------------------------


def test_stacked_bars_put_the_penalty_left_of_zero():
    from analyzer.report.page.charts import stacked_chart

    chart = stacked_chart([("A", 0.5, [("team_fit", 0.4), ("hiring", 0.2), ("risk", -0.1)]),
                           ("B", 0.3, [("team_fit", 0.3), ("needs_fit", 0.0)])])  # fmt: skip
    first, second = chart.rows
    team, hiring, risk = first.segments
    assert team.x == chart.zero_x and hiring.x == round(team.x + team.width, 1)
    assert risk.x + risk.width == pytest.approx(chart.zero_x, abs=0.2)
    assert (
        team.width
        == pytest.approx(2 * hiring.width, abs=0.2)
        == pytest.approx(4 * risk.width, abs=0.4)
    )
    assert [segment.css for segment in second.segments] == ["team_fit"]  # nothing drawn for 0
    assert first.leader and not second.leader


def test_month_axis_stays_readable():
    from analyzer.report.page.charts import month_chart

    def months(count):
        return [(f"{2020 + index // 12}-{index % 12 + 1:02d}", index, 1) for index in range(count)]

    assert [tick.label for tick in month_chart(months(3)).x_ticks] == [
        "2020-01",
        "2020-02",
        "2020-03",
    ]
    assert [tick.label for tick in month_chart(months(24)).x_ticks][:3] == [
        "2020-01",
        "2020-04",
        "2020-07",
    ]
    assert [tick.label for tick in month_chart(months(60)).x_ticks] == [
        "2020",
        "2021",
        "2022",
        "2023",
        "2024",
    ]


def test_months_without_commits_are_drawn_as_empty():
    from analyzer.history.rhythm import Month
    from analyzer.report.page.view import _all_months

    filled = _all_months(
        [Month("2025-11", 3, 1, 10, 0.0, (), ()), Month("2026-02", 1, 1, 5, 1.0, (), ())]
    )
    assert [(month.month, month.commits) for month in filled] == [
        ("2025-11", 3),
        ("2025-12", 0),
        ("2026-01", 0),
        ("2026-02", 1),
    ]


def test_language_columns_stack_and_fold_the_rest_into_other():
    from analyzer.history.rhythm import LanguageMonth
    from analyzer.history.rhythm import Month
    from analyzer.report.page.activity import language_activity

    names = ["Go", "Python", "Rust", "Java", "Ruby", "PHP", "Shell", "C"]
    busy = {name: LanguageMonth(8 - index, 10, 1) for index, name in enumerate(names)}
    months = [
        Month("2026-01", 40, 3, 80, 0.0, (), (), busy),
        Month("2026-02", 0, 0, 0, 0.0, (), ()),
        Month("2026-03", 1, 1, 5, 0.0, (), (), {"C": LanguageMonth(1, 5, 1)}),
    ]
    activity = language_activity(months)
    assert activity is not None
    assert [label for label, _ in activity.legend] == [*names[:6], "other"]
    assert activity.legend[-1][1] == "lang-other"
    chart = activity.chart
    assert chart.top == 50  # 36 commits in January, rounded up
    january = [block for block in chart.blocks if block.title.startswith("2026-01")]
    assert [block.title for block in january][-1] == "2026-01: other 3 commits"  # Shell 2 + C 1
    for lower, upper in pairwise(january):  # each block sits on the one below
        assert upper.y + upper.height == pytest.approx(lower.y, abs=0.15)
    assert january[0].y + january[0].height == chart.panel_height
    assert [block.title for block in chart.blocks if block.title.startswith("2026-03")] == [
        "2026-03: other 1 commit"
    ]
    assert len(activity.rows) == 9  # the data table lists every language, not "other"
    assert language_activity([Month("2026-01", 1, 1, 0, 0.0, (), ())]) is None
