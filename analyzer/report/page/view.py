"""The view behind `stackfit report`: what the page and the Markdown show, as display-ready text.

One view, two formats (analyzer/report/page/html.py renders both), so they cannot drift apart.
Every string from the repository (names, paths, sentences) passes through `printable` here;
escaping for HTML or Markdown is the renderer's job.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from analyzer.formatting import counted
from analyzer.history.rhythm import AFTER_HOURS_DEFINITION
from analyzer.history.rhythm import Month
from analyzer.history.rhythm import is_after_hours
from analyzer.recommend.scoring import CRITERIA
from analyzer.recommend.scoring import Ranking
from analyzer.recommend.scoring import StackScore
from analyzer.report.page.activity import LanguageActivity
from analyzer.report.page.activity import language_activity
from analyzer.report.page.assisted import AssistedRow
from analyzer.report.page.assisted import assisted_rows
from analyzer.report.page.charts import HBarChart
from analyzer.report.page.charts import MonthChart
from analyzer.report.page.charts import PunchCard
from analyzer.report.page.charts import StackedChart
from analyzer.report.page.charts import hbar_chart
from analyzer.report.page.charts import month_chart
from analyzer.report.page.charts import punch_card
from analyzer.report.page.charts import stacked_chart
from analyzer.report.recommend.sentences import confidence_line
from analyzer.report.recommend.sentences import requirements_line
from analyzer.report.recommend.sentences import sensitivity_line
from analyzer.report.recommend.sentences import verdict
from analyzer.report.recommend.sentences import what_if_line
from analyzer.report.safe_text import ai_assistance_text
from analyzer.report.safe_text import people_to_show
from analyzer.report.safe_text import printable
from analyzer.report.safe_text import repository_truck_factor_line
from analyzer.report.safe_text import roles_cell
from analyzer.report.safe_text import short_head
from analyzer.report.safe_text import table_languages
from analyzer.report.safe_text import truck_factor_text
from analyzer.skills.document import WEEKDAYS
from analyzer.skills.document import LanguageSummary
from analyzer.skills.document import PersonSkills
from analyzer.skills.document import SkillsEvidence
from analyzer.skills.model import LEVELS

STRONGEST_SHOWN = 3
HEATMAP_ROWS = 40  # a page a lead reads in a minute; the rest of a large team is one click away
RISKS_SHOWN = 6
RISK_MIN_SHARE = 0.05  # a language under 5% of the code is not worth a headline risk
RISK_ANY_MIN_SHARE = 0.01  # under 1% (shown as 0%: a stray script, a test page) never a risk
MARKDOWN_PEOPLE = 15  # the Markdown fits a few screens; --all lists everyone
MARKDOWN_LANGUAGES = 10
RECENT_MONTHS = 12  # activity month by month for the last year, by year before it
NAMES_IN_CELL = 3
HEAT_MIN_ALPHA = 0.12  # colour = this + the score: a familiar 0.15 is still visible
STRONG_ALPHA = 0.6  # from here on the cell's text turns light (dark in dark mode)


@dataclass(frozen=True)
class Scope:
    """What the run covered and how it treated people: the report states it."""

    since: str | None = None
    until: str | None = None
    anonymized: bool = False
    show_emails: bool = False
    full: bool = False  # --all: every person, language and month in the Markdown
    name: str | None = None  # the repository's name (origin's or the folder's) for the title


@dataclass(frozen=True)
class SkillCell:
    level: str
    score: str
    alpha: float
    strong: bool


@dataclass(frozen=True)
class PersonRow:
    name: str
    active: bool
    commits: int
    emails: str
    cells: tuple[SkillCell | None, ...]
    frameworks: str  # "Flask proficient, Django familiar", or "" for none
    roles: str  # "back-end 70%, front-end 20%", or "" for no recent work with a role


@dataclass(frozen=True)
class LanguageRow:
    name: str
    share: str
    files: int
    kilobytes: str
    truck_factor: str
    risky: bool
    key_people: str
    orphaned: int
    authored: int
    levels: tuple[int, ...]  # expert, proficient, familiar (active people)


@dataclass(frozen=True)
class MonthRow:
    month: str
    commits: int
    contributors: int
    lines_changed: int
    after_hours: str  # "48% of commits"
    joiners: str
    leavers: str


@dataclass(frozen=True)
class PeriodRow:
    """A month of the last year, or a whole earlier year: activity that fits a few screens."""

    period: str
    commits: int
    contributors: str  # a month's; a year's busiest month's ("up to 7")
    lines_changed: int
    after_hours: str
    joiners: str  # names in a month (a few, then "+N"); a count in a year
    leavers: str


@dataclass(frozen=True)
class LanguagePeriodRow:
    language: str
    recent_commits: int  # in the last RECENT_MONTHS months of the history
    recent_lines: int
    earlier_commits: int
    earlier_lines: int


@dataclass(frozen=True)
class CriterionView:
    name: str
    score: str
    weight: str
    contribution: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class StackView:
    name: str
    score: str
    reason: str  # what sets it apart, one line (the Why of the other formats)
    contributions: tuple[str, ...]  # in CRITERIA order
    criteria: tuple[CriterionView, ...]


@dataclass(frozen=True)
class Recommendation:
    verdict: str
    lines: tuple[str, ...]  # needs, margin, sensitivity, confidence, what-if
    criteria: tuple[str, ...]
    weights: str
    stacks: tuple[StackView, ...]
    chart: StackedChart


@dataclass(frozen=True)
class Report:
    """Everything both templates show, as display-ready text: one view, two formats."""

    repository: str
    name: str  # the repository's name: the title
    revision: str
    head: str
    as_of: str
    warnings: tuple[str, ...]
    team: tuple[str, ...]
    strongest: tuple[str, ...]
    risks: tuple[str, ...]
    languages: tuple[str, ...]
    people: tuple[PersonRow, ...]
    shows_frameworks: bool
    shows_roles: bool
    markdown_people: int  # rows in the Markdown; the rest counted
    markdown_languages: int
    full: bool
    heatmap_rows: int  # people in the page's heatmap; the rest behind "more people"
    hidden_people: int
    show_emails: bool
    language_rows: tuple[LanguageRow, ...]
    mix_chart: HBarChart
    truck_chart: HBarChart
    months: tuple[MonthRow, ...]
    periods: tuple[PeriodRow, ...]  # the last year by month, earlier years whole
    language_periods: tuple[LanguagePeriodRow, ...]
    month_chart: MonthChart | None
    language_activity: LanguageActivity | None  # commits per language per month
    assisted: tuple[AssistedRow, ...]  # AI-assisted share of commits by month; () for none
    assisted_summary: str
    after_hours: str  # "48% of commits"
    after_hours_definition: str
    trends: tuple[str, ...]
    weekdays: tuple[str, ...]
    punch: tuple[tuple[int, ...], ...]
    punch_chart: PunchCard | None
    recommendation: Recommendation | None
    scope: tuple[tuple[str, str], ...]


def build_report(evidence: SkillsEvidence, ranking: Ranking | None, scope: Scope) -> Report:
    """The report's view of EVIDENCE and RANKING (already protected: report/privacy.py)."""
    rhythm = evidence.rhythm
    months = _all_months(rhythm.months) if rhythm is not None else []
    grid = rhythm.punch_card if rhythm is not None else ()
    shown, hidden = people_to_show(evidence)
    languages = table_languages(evidence)
    return Report(
        repository=printable(evidence.repository.path),
        name=printable(scope.name or evidence.repository.path),
        revision=printable(evidence.repository.rev),
        head=short_head(evidence.repository.head),
        as_of=evidence.model.as_of.isoformat(),
        warnings=tuple(printable(line) for line in evidence.history.warnings),
        team=_team_lines(evidence),
        strongest=_strongest(evidence),
        risks=_risks(evidence),
        languages=tuple(printable(language) for language in languages),
        people=tuple(_person_row(person, languages) for person in shown),
        shows_frameworks=any(person.frameworks for person in shown),
        shows_roles=any(person.roles for person in shown),
        markdown_people=len(shown) if scope.full else MARKDOWN_PEOPLE,
        markdown_languages=len(evidence.languages) if scope.full else MARKDOWN_LANGUAGES,
        full=scope.full,
        heatmap_rows=HEATMAP_ROWS,
        hidden_people=hidden,
        show_emails=scope.show_emails and not scope.anonymized,
        language_rows=tuple(_language_row(name, item) for name, item in evidence.languages.items()),
        mix_chart=_mix_chart(evidence),
        truck_chart=_truck_chart(evidence),
        months=tuple(_month_row(month) for month in months),
        periods=tuple(_periods(months, scope.full)),
        language_periods=tuple(_language_periods(months)),
        month_chart=month_chart([(m.month, m.commits, m.contributors) for m in months])
        if months
        else None,
        language_activity=language_activity(months),
        assisted=assisted_rows(evidence.ai_assistance),
        assisted_summary=ai_assistance_text(evidence),
        after_hours=f"{rhythm.after_hours_share:.0%} of commits"
        if rhythm is not None and months
        else "no commits by people",
        after_hours_definition=AFTER_HOURS_DEFINITION,
        trends=tuple(printable(line) for line in rhythm.trends) if rhythm is not None else (),
        weekdays=WEEKDAYS,
        punch=tuple(tuple(row) for row in grid),
        punch_chart=punch_card(grid, WEEKDAYS, is_after_hours) if months else None,
        recommendation=_recommendation(ranking) if ranking is not None else None,
        scope=_scope_rows(evidence, scope),
    )


def _team_lines(evidence: SkillsEvidence) -> tuple[str, ...]:
    active = sum(1 for person in evidence.people if person.active)
    people = "active person" if active == 1 else "active people"
    factor = repository_truck_factor_line(evidence)
    lines = [
        *([factor[0].lower() + factor[1:]] if factor else []),  # first, in the team's line
        f"{active:,} {people} of {len(evidence.people):,} who ever committed",
        f"{counted(evidence.repository.commits_analyzed, 'commit')} analysed",
    ]
    if evidence.people:
        first = min(person.first_commit for person in evidence.people).date()
        last = max(person.last_commit for person in evidence.people).date()
        lines.append(f"history from {first} to {last}")
    return tuple(lines)


def _strongest(evidence: SkillsEvidence) -> tuple[str, ...]:
    """Languages with the most capable active people: experts, then proficient, then familiar."""
    ranked = sorted(
        ((name, item) for name, item in evidence.languages.items() if any(item.people.values())),
        key=lambda pair: (*(-pair[1].people[level] for level in LEVELS), -pair[1].share, pair[0]),
    )
    return tuple(
        f"{printable(name)}: "
        + ", ".join(f"{item.people[level]} {level}" for level in LEVELS if item.people[level])
        for name, item in ranked[:STRONGEST_SHOWN]
    )


def _risks(evidence: SkillsEvidence) -> tuple[str, ...]:
    """Languages resting on one person or nobody, then the worrying trends in the team's rhythm."""
    risks = []
    for language, item in evidence.languages.items():
        if not item.files or item.share < RISK_ANY_MIN_SHARE:
            continue
        name = printable(language)
        people = ", ".join(printable(person) for person in item.truck_factor_people)
        if item.truck_factor is None and item.unknown_authorship_files:
            risks.append(
                f"{name}: {item.unknown_authorship_files} of {item.files} files have no known "
                f"author, only merges brought them in ({item.share:.0%} of the code)"
            )
        elif item.truck_factor == 0:
            risks.append(
                f"{name}: {item.orphaned_files} of {item.authored_files} files have no active "
                f"author ({item.share:.0%} of the code)"
            )
        elif item.truck_factor == 1:
            risks.append(
                f"{name} rests on one person, {people} (truck factor 1, "
                f"{item.share:.0%} of the code)"
            )
        elif item.share >= RISK_MIN_SHARE and not (
            item.people["expert"] + item.people["proficient"]
        ):
            risks.append(f"{name}: nobody active is proficient ({item.share:.0%} of the code)")
    shown = risks[:RISKS_SHOWN]
    if len(risks) > RISKS_SHOWN:
        shown.append(f"… and {len(risks) - RISKS_SHOWN} more: see Truck factor")
    trends = evidence.rhythm.trends if evidence.rhythm is not None else ()
    return (*shown, *(printable(line) for line in trends))


def _person_row(person: PersonSkills, languages: Sequence[str]) -> PersonRow:
    cells: list[SkillCell | None] = []
    for language in languages:
        skill = person.languages.get(language)
        if skill is None:
            cells.append(None)
            continue
        alpha = round(min(1.0, HEAT_MIN_ALPHA + skill.score), 2)
        cells.append(SkillCell(skill.level, f"{skill.score:.2f}", alpha, alpha >= STRONG_ALPHA))
    return PersonRow(
        name=printable(person.name),
        active=person.active,
        commits=person.commits,
        emails=printable(", ".join(person.emails)),
        cells=tuple(cells),
        frameworks=printable(
            ", ".join(f"{skill.name} {skill.level}" for skill in person.frameworks.values())
        ),
        roles=printable(roles_cell(person)) if person.roles else "",
    )


def _language_row(name: str, item: LanguageSummary) -> LanguageRow:
    return LanguageRow(
        name=printable(name),
        share=f"{item.share:.1%}",
        files=item.files,
        kilobytes=f"{item.bytes / 1000:,.1f}",
        truck_factor=truck_factor_text(item),
        risky=item.truck_factor in (0, 1),
        key_people=printable(", ".join(item.truck_factor_people)),
        orphaned=item.orphaned_files,
        authored=item.authored_files,
        levels=tuple(item.people[level] for level in LEVELS),
    )


def _mix_chart(evidence: SkillsEvidence) -> HBarChart:
    rows = [
        (printable(name), item.share, f"{item.share:.1%}", "mix")
        for name, item in evidence.languages.items()
        if item.bytes
    ]
    return hbar_chart(rows, max((row[1] for row in rows), default=1.0))


def _truck_chart(evidence: SkillsEvidence) -> HBarChart:
    rows = [
        (
            printable(name),
            float(item.truck_factor),
            truck_factor_text(item),
            "risk" if item.truck_factor <= 1 else "safe",
        )
        for name, item in evidence.languages.items()
        if item.truck_factor is not None
    ]
    return hbar_chart(rows, max([3.0, *(row[1] for row in rows)]))


def _month_back(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def _all_months(months: Sequence[Month]) -> list[Month]:
    """MONTHS with the gaps between them filled by empty months, so time runs evenly."""
    if not months:
        return []
    present = {month.month: month for month in months}
    first, last = _month_back(months[0].month), _month_back(months[-1].month)
    result = []
    for index in range(first, last + 1):
        name = f"{index // 12:04d}-{index % 12 + 1:02d}"
        result.append(present.get(name) or Month(name, 0, 0, 0, 0.0, (), ()))
    return result


def _month_row(month: Month) -> MonthRow:
    return MonthRow(
        month=month.month,
        commits=month.commits,
        contributors=month.contributors,
        lines_changed=month.lines_changed,
        after_hours=f"{month.after_hours_share:.0%}" if month.commits else "",
        joiners=printable(", ".join(month.joiners)),
        leavers=printable(", ".join(month.leavers)),
    )


def _names(names: Sequence[str]) -> str:
    shown = ", ".join(printable(name) for name in names[:NAMES_IN_CELL])
    more = len(names) - NAMES_IN_CELL
    return f"{shown} +{more}" if more > 0 else shown


def _periods(months: Sequence[Month], full: bool) -> list[PeriodRow]:
    """The last RECENT_MONTHS months one by one, the years before them whole (all with FULL)."""
    recent = list(months) if full else list(months[-RECENT_MONTHS:])
    earlier = [] if full else months[: len(months) - len(recent)]
    rows = []
    for year in sorted({month.month[:4] for month in earlier}):
        inside = [month for month in earlier if month.month.startswith(year)]
        commits = sum(month.commits for month in inside)
        late = sum(month.after_hours_share * month.commits for month in inside)
        joined = sum(len(month.joiners) for month in inside)
        left = sum(len(month.leavers) for month in inside)
        rows.append(
            PeriodRow(
                period=year,
                commits=commits,
                contributors=f"up to {max(month.contributors for month in inside)}",
                lines_changed=sum(month.lines_changed for month in inside),
                after_hours=f"{late / commits:.0%}" if commits else "",
                joiners=f"{joined} joined" if joined else "",
                leavers=f"{left} left" if left else "",
            )
        )
    for month in recent:
        rows.append(
            PeriodRow(
                period=month.month,
                commits=month.commits,
                contributors=str(month.contributors),
                lines_changed=month.lines_changed,
                after_hours=f"{month.after_hours_share:.0%}" if month.commits else "",
                joiners=printable(", ".join(month.joiners)) if full else _names(month.joiners),
                leavers=printable(", ".join(month.leavers)) if full else _names(month.leavers),
            )
        )
    return rows


def _language_periods(months: Sequence[Month]) -> list[LanguagePeriodRow]:
    """Commits and lines per language in the last RECENT_MONTHS months and before them."""
    cut = len(months) - RECENT_MONTHS
    totals: dict[str, list[int]] = {}
    for index, month in enumerate(months):
        for language, item in month.languages.items():
            counts = totals.setdefault(language, [0, 0, 0, 0])
            offset = 0 if index >= cut else 2
            counts[offset] += item.commits
            counts[offset + 1] += item.lines_changed
    ranked = sorted(totals.items(), key=lambda pair: (-pair[1][0], -pair[1][2], pair[0]))
    return [LanguagePeriodRow(printable(name), *counts) for name, counts in ranked]


def _recommendation(ranking: Ranking) -> Recommendation:
    lines = [
        requirements_line(ranking),  # the verdict gives the margin and any close call
        sensitivity_line(ranking),
        confidence_line(ranking),
    ]
    what_if = what_if_line(ranking)
    if what_if:
        lines.append(what_if)
    chart = stacked_chart(
        [
            (item.name, item.score, [(name, item.criteria[name].contribution) for name in CRITERIA])
            for item in ranking.ranking
        ]
    )
    return Recommendation(
        verdict=printable(verdict(ranking)),
        lines=tuple(printable(line) for line in lines),
        criteria=CRITERIA,
        weights=", ".join(f"{name} {weight:.2f}" for name, weight in ranking.weights.items()),
        stacks=tuple(_stack_view(item) for item in ranking.ranking),
        chart=chart,
    )


def _stack_view(item: StackScore) -> StackView:
    return StackView(
        name=printable(item.name),
        score=f"{item.score:.2f}",
        reason=printable(item.reason),
        contributions=tuple(f"{item.criteria[name].contribution:+.3f}" for name in CRITERIA),
        criteria=tuple(
            CriterionView(
                name=name,
                score=f"{criterion.score:.2f}",
                weight=f"{criterion.weight:.2f}",
                contribution=f"{criterion.contribution:+.3f}",
                evidence=tuple(printable(line) for line in criterion.evidence),
            )
            for name, criterion in item.criteria.items()
        ),
    )


def _scope_rows(evidence: SkillsEvidence, scope: Scope) -> tuple[tuple[str, str], ...]:
    """Repository, revision, date range, exclusions and treatment of people, in words."""
    repository = evidence.repository
    model = evidence.model
    bots = ", ".join(f"{printable(name)} ({commits})" for name, commits in evidence.excluded_bots)
    paths = ", ".join(
        f"{reason} {count}" for reason, count in evidence.excluded_paths.items() if count
    )
    window = " and ".join(
        part
        for part in (
            f"since {printable(scope.since)}" if scope.since else "",
            f"until {printable(scope.until)}" if scope.until else "",
        )
        if part
    )
    if scope.anonymized:
        people = (
            "pseudonyms, stable for this repository (an HMAC keyed by its root commit); "
            "no e-mail addresses"
        )
    elif scope.show_emails:
        people = "real names and e-mail addresses (--show-emails)"
    else:
        people = "real names; e-mail addresses hidden (--show-emails shows them)"
    return (
        ("Repository", printable(repository.path)),
        (
            "Revision",
            f"{printable(repository.rev)} ({short_head(repository.head)})"
            + (", a shallow clone" if repository.shallow else ""),
        ),
        (
            "Commits",
            f"{repository.commits_analyzed:,} analysed, "
            + (f"commits {window}" if window else "the whole history"),
        ),
        ("As of", f"{model.as_of}: active means a commit in the {model.active_days} days before"),
        ("Excluded bots", bots or "none"),
        ("AI assistance", ai_assistance_text(evidence)),
        ("Excluded paths", paths or "none"),
        ("People", people),
        (
            "Model",
            f"skills halve after {model.half_life_days:g} days unused; bulk commits "
            f"(≥ {model.bulk_min_lines:,} lines across ≥ {model.bulk_min_files} files) "
            f"down-weighted; config: {printable(model.config_source)}",
        ),
        ("After hours", AFTER_HOURS_DEFINITION),
    )
