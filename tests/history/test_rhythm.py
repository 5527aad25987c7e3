"""The team's rhythm, on histories with fixed dates and time zones."""

from __future__ import annotations

from datetime import date
from datetime import datetime

from analyzer.history.rhythm import Month
from analyzer.history.rhythm import is_after_hours
from analyzer.history.rhythm import trends
from tests.conftest import skills_json
from tests.gitrepo import GitRepo
from tests.gitrepo import lines

ANA = "Ana Lopez <ana@example.com>"
BEN = "Ben Okafor <ben@example.com>"


def test_after_hours_definition():
    assert not is_after_hours(0, 8) and not is_after_hours(4, 18)
    assert (
        is_after_hours(0, 7)
        and is_after_hours(0, 19)
        and is_after_hours(5, 12)
        and is_after_hours(6, 10)
    )


def test_rhythm_in_each_authors_own_zone(repo: GitRepo):
    # Monday 2026-03-02 22:30 in Tokyo is 13:30 UTC: after hours for its author.
    repo.commit({"a.py": lines(10)}, author=ANA, date="2026-03-02T22:30:00+09:00")
    repo.commit({"a.py": lines(20)}, author=ANA, date="2026-03-03T10:00:00+09:00")
    repo.commit({"b.go": lines(5)}, author=BEN, date="2026-03-07T11:00:00-05:00")  # a Saturday
    repo.commit({"b.go": lines(7)}, author=BEN, date="2026-04-01T09:15:00-05:00")
    rhythm = skills_json(repo.path, "--as-of", "2026-04-30")["rhythm"]
    hours = rhythm["punch_card"]["hours"]
    assert rhythm["punch_card"]["weekdays"][0] == "Monday"
    assert hours[0][22] == 1 and hours[1][10] == 1 and hours[5][11] == 1 and hours[2][9] == 1
    assert sum(map(sum, hours)) == 4
    assert rhythm["after_hours"]["team_share"] == 0.5
    assert rhythm["after_hours"]["people"]["ana@example.com"] == {
        "commits": 2,
        "after_hours": 1,
        "share": 0.5,
    }
    assert rhythm["months"] == [
        {"month": "2026-03", "commits": 3, "contributors": 2, "lines_changed": 25, "after_hours_share": 0.6667,
         "joiners": ["Ana Lopez", "Ben Okafor"], "leavers": [],
         "languages": {"Python": {"commits": 2, "lines_changed": 20, "contributors": 1},
                       "Go": {"commits": 1, "lines_changed": 5, "contributors": 1}}},
        {"month": "2026-04", "commits": 1, "contributors": 1, "lines_changed": 2, "after_hours_share": 0.0,
         "joiners": [], "leavers": [],
         "languages": {"Go": {"commits": 1, "lines_changed": 2, "contributors": 1}}},
    ]  # fmt: skip


def test_leavers_are_people_no_longer_active(repo: GitRepo):
    repo.commit({"a.py": lines(3)}, author=ANA, date="2025-01-10T10:00:00+00:00")
    repo.commit({"a.py": lines(4)}, author=BEN, date="2026-04-10T10:00:00+00:00")
    months = skills_json(repo.path, "--as-of", "2026-04-30")["rhythm"]["months"]
    assert months[0]["leavers"] == ["Ana Lopez"]
    assert months[-1]["leavers"] == []


def month(name: str, commits: int, contributors: int, share: float) -> Month:
    return Month(name, commits, contributors, 0, share, (), ())


def test_trends_say_what_a_lead_would_worry_about():
    earlier = [month(f"2026-0{n}", 10, 6, 0.1) for n in (1, 2, 3)]
    recent = [month(f"2026-0{n}", 10, 3, 0.3) for n in (4, 5, 6)]
    sentences = trends([*earlier, *recent], date(2026, 7, 15))  # July is still running
    assert sentences == [
        "After-hours work is rising: 30% of commits in the last 3 months, up from 10% in the 3 before.",
        "Fewer people are contributing: 3.0 a month in the last 3 months, down from 6.0.",
    ]
    steady = [month(f"2026-0{n}", 10, 6, 0.1) for n in range(1, 7)]
    assert trends(steady, date(2026, 7, 15)) == []


def test_activity_by_language_per_month(repo: GitRepo):
    repo.commit({"a.py": lines(10), "b.go": lines(4)}, author=ANA, date="2026-01-05T10:00:00+00:00")
    repo.commit({"a.py": lines(12)}, author=BEN, date="2026-01-20T10:00:00+00:00")
    repo.commit({"README.md": "# x\n", "logo.png": b"\x89PNG\0\0"}, author=BEN,
                date="2026-01-21T10:00:00+00:00")  # fmt: skip
    repo.rename("b.go", "c.go", author=BEN, date="2026-02-02T10:00:00+00:00")
    months = skills_json(repo.path, "--as-of", "2026-02-28")["rhythm"]["months"]
    assert [month["languages"] for month in months] == [
        {"Python": {"commits": 2, "lines_changed": 12, "contributors": 2},
         "Go": {"commits": 1, "lines_changed": 4, "contributors": 1}},
        {"Go": {"commits": 1, "lines_changed": 0, "contributors": 1}},  # a rename touches Go
    ]  # fmt: skip
    assert [month["commits"] for month in months] == [3, 1]
    assert [month["lines_changed"] for month in months] == [16, 0]


def test_tallies_merge_as_if_one_history():
    from collections import Counter

    from analyzer.git.log import Commit
    from analyzer.history.rhythm import RhythmTally

    def commit(name: str, day: str, hour: int) -> Commit:
        moment = datetime.fromisoformat(f"{day}T{hour:02d}:00:00+00:00")
        return Commit("0" * 40, (), name, f"{name}@x", moment, (), ())

    first, second, both = RhythmTally(), RhythmTally(), RhythmTally()
    added = [
        (first, commit("ana", "2026-01-05", 10), 7, {"Python": 5, "Go": 2}),
        (first, commit("ben", "2026-01-06", 22), 3, {"Go": 3}),
        (second, commit("ana", "2026-01-07", 10), 4, {"Python": 4}),
        (second, commit("cy", "2026-02-01", 9), 0, {}),
    ]
    for tally, item, lines_changed, by_language in added:
        tally.add(item, lines_changed, by_language)
        both.add(item, lines_changed, by_language)
    first.merge(second)
    assert first == both
    assert first.commits_by_month == Counter({"2026-01": 3, "2026-02": 1})
    assert first.commits_by_month_language == Counter(
        {("2026-01", "Python"): 2, ("2026-01", "Go"): 2}
    )
    assert first.lines_by_month_language[("2026-01", "Python")] == 9
    assert first.contacts_by_month_language[("2026-01", "Python")] == {("ana", "ana@x")}
    assert first.contacts_by_month["2026-01"] == {("ana", "ana@x"), ("ben", "ben@x")}
    assert sum(map(sum, first.punch_card)) == 4 and first.punch_card[0][10] == 1
