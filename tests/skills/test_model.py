from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analyzer.history.fold import BulkRule
from analyzer.skills.model import FAMILIAR
from analyzer.skills.model import degree_of_authorship
from analyzer.skills.model import file_authors
from analyzer.skills.model import frequency_score
from analyzer.skills.model import recency_factor
from analyzer.skills.model import skill_level
from analyzer.skills.model import skill_score
from analyzer.skills.model import truck_factor
from analyzer.skills.model import volume_score

lines_strategy = st.floats(min_value=0, max_value=1e7, allow_nan=False)
weeks_strategy = st.integers(min_value=0, max_value=1000)
days_strategy = st.floats(min_value=0, max_value=1e5, allow_nan=False)


@given(lines_strategy, weeks_strategy, days_strategy)
def test_score_is_between_zero_and_one(lines, weeks, days):
    assert 0.0 <= skill_score(lines, weeks, days) <= 1.0


@given(lines_strategy, lines_strategy, weeks_strategy, days_strategy)
def test_more_lines_never_lower_the_score(first, second, weeks, days):
    low, high = sorted((first, second))
    assert skill_score(low, weeks, days) <= skill_score(high, weeks, days)


@given(lines_strategy, weeks_strategy, days_strategy, days_strategy)
def test_older_work_never_scores_higher(lines, weeks, first, second):
    recent, old = sorted((first, second))
    assert skill_score(lines, weeks, old) <= skill_score(lines, weeks, recent)


def test_components():
    assert volume_score(0) == 0.0
    assert volume_score(10_000) == 1.0
    assert frequency_score(52) == 1.0
    assert frequency_score(13) == pytest.approx(0.5)
    assert recency_factor(365) == pytest.approx(0.5)
    assert recency_factor(730, half_life_days=730) == pytest.approx(0.5)


def test_one_huge_commit_is_not_expertise():
    assert skill_level(skill_score(1_000_000, 1, 0)) == FAMILIAR


@pytest.mark.parametrize(
    ("lines", "weeks", "days", "level"),
    [
        (10_000, 52, 0, "expert"),
        (5_000, 30, 2, "expert"),
        (2_000, 10, 2, "proficient"),
        (600, 12, 10, "proficient"),
        (20, 1, 0, "familiar"),
        (1, 1, 0, None),
        (10_000, 52, 3 * 365, None),  # three years unused: under familiar
    ],
)
def test_levels(lines, weeks, days, level):
    assert skill_level(skill_score(lines, weeks, days)) == level


def test_doa_formula():
    assert degree_of_authorship(True, 0, 0) == pytest.approx(3.293 + 1.098)
    assert degree_of_authorship(False, 10, 0) == pytest.approx(3.293 + 1.64)
    assert degree_of_authorship(False, 1, 9) == pytest.approx(
        3.293 + 0.164 - 0.321 * 2.302585, rel=1e-5
    )


def test_file_authors():
    assert file_authors({"a": 10}, "a") == {"a"}
    assert file_authors({"a": 1, "b": 20}, "a") == {"b"}  # many changes outweigh creation
    assert file_authors({"a": 5, "b": 5}, None) == {"a", "b"}
    assert file_authors({}, None) == set()


def test_truck_factor():
    assert truck_factor({}) is None
    assert truck_factor({"f1": {"a"}, "f2": {"a"}, "f3": {"b"}}) == (1, ["a"])
    files = {"f1": {"a"}, "f2": {"b"}, "f3": {"c"}, "f4": {"a", "b"}}
    assert truck_factor(files) == (2, ["a", "b"])
    assert truck_factor({"f1": set(), "f2": set(), "f3": {"a"}}) == (0, [])


def test_bulk_rule():
    rule = BulkRule(min_lines=1000, min_files=20)
    assert rule.weight(999, 50) == 1.0
    assert rule.weight(5000, 19) == 1.0
    assert rule.weight(4000, 20) == 0.25
