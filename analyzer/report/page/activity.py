"""The report's activity by language: which languages the team worked in, month by month.

A commit touching two languages counts once in each, so a month's languages can add up to more
than its commits. The chart colours the most active languages and folds the rest into "other",
so that the palette stays colour-blind-safe; the data table behind it lists every language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from analyzer.history.rhythm import Month
from analyzer.report.page.charts import LanguageMonthChart
from analyzer.report.page.charts import language_month_chart
from analyzer.report.safe_text import printable

# Okabe & Ito give seven distinguishable colours besides black; one is kept for "other".
LANGUAGE_SERIES = 6
OTHER = "other"


@dataclass(frozen=True)
class LanguageMonthRow:
    month: str
    language: str
    commits: int
    contributors: int
    lines_changed: int


@dataclass(frozen=True)
class LanguageActivity:
    """The chart, its legend and the data table behind it."""

    chart: LanguageMonthChart
    legend: tuple[tuple[str, str], ...]  # (label, css class), bottom of each column first
    rows: tuple[LanguageMonthRow, ...]


def language_activity(months: Sequence[Month]) -> LanguageActivity | None:
    """MONTHS (consecutive, gaps filled) as stacked columns of commits per language."""
    totals: Counter[str] = Counter()
    for month in months:
        for language, item in month.languages.items():
            totals[language] += item.commits
    if not totals:
        return None
    ranked = sorted(totals, key=lambda language: (-totals[language], language))
    top = ranked[:LANGUAGE_SERIES]
    legend = [(printable(language), f"lang-{index}") for index, language in enumerate(top)]
    folded = len(ranked) > LANGUAGE_SERIES
    if folded:
        legend.append((OTHER, "lang-other"))
    columns = []
    for month in months:
        counts = [month.languages[name].commits if name in month.languages else 0 for name in top]
        if folded:
            counts.append(
                sum(item.commits for name, item in month.languages.items() if name not in top)
            )
        columns.append((month.month, counts))
    return LanguageActivity(
        chart=language_month_chart(columns, legend),
        legend=tuple(legend),
        rows=tuple(_rows(months)),
    )


def _rows(months: Sequence[Month]) -> list[LanguageMonthRow]:
    return [
        LanguageMonthRow(
            month.month, printable(language), item.commits, item.contributors, item.lines_changed
        )
        for month in months
        for language, item in month.languages.items()
    ]
