"""The team's rhythm, on histories with fixed dates and time zones."""

from __future__ import annotations

from datetime import date

from analyzer.rhythm import Month
from analyzer.rhythm import is_after_hours
from analyzer.rhythm import trends
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
         "joiners": ["Ana Lopez", "Ben Okafor"], "leavers": []},
        {"month": "2026-04", "commits": 1, "contributors": 1, "lines_changed": 2, "after_hours_share": 0.0,
         "joiners": [], "leavers": []},
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
