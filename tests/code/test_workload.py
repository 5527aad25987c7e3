"""Workload kinds: the documented rules as a pure function over code evidence."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from analyzer.code.document import CodeEvidence
from analyzer.code.document import ConstructUse
from analyzer.code.document import FileCounts
from analyzer.code.document import FrameworkUse
from analyzer.code.document import LanguageStats
from analyzer.code.document import ScanTarget
from analyzer.code.queries import CONSTRUCTS
from analyzer.code.workload import ABSENT_CONFIDENCE
from analyzer.code.workload import CONSTRUCT_RULES
from analyzer.code.workload import DECLARED_ONLY_FACTOR
from analyzer.code.workload import MAIN_NEED_WEIGHT
from analyzer.code.workload import OTHER_NEED_WEIGHT
from analyzer.code.workload import workload_kinds
from analyzer.data.catalog import NEEDS


def evidence(frameworks=(), constructs=None, lines=10_000) -> CodeEvidence:
    return CodeEvidence(
        repository=ScanTarget("/r", "0" * 40, "HEAD", False),
        languages={"Python": LanguageStats(1, 100, lines, 1.0)},
        frameworks=tuple(frameworks),
        constructs=constructs or {},
        workload={},
        manifests=(),
        dependencies=0,
        files=FileCounts(1, 1, {}, 0, 0, 1, 0, 0, 0, 0, ()),
        max_file_bytes=1 << 20,
    )


def framework(id_, needs, declared=("requirements.txt: x",), used=("a.py:1 import x",)):
    return FrameworkUse(id_, id_, "python", "web", needs, declared, used, len(used))


def test_every_need_is_scored_and_nothing_found_scores_zero():
    kinds = workload_kinds(evidence())
    assert list(kinds) == list(NEEDS)
    for kind in kinds.values():
        assert kind.score == 0 and kind.evidence == ()
        assert kind.confidence == ABSENT_CONFIDENCE  # 10,000 lines read: absence is evidence


def test_little_code_means_little_confidence_in_absence():
    assert workload_kinds(evidence(lines=50))["api"].confidence < 0.1


def test_main_and_other_needs_weigh_as_documented():
    kinds = workload_kinds(evidence([framework("aiohttp", ("api", "realtime"))]))
    assert kinds["api"].score == MAIN_NEED_WEIGHT
    assert kinds["realtime"].score == OTHER_NEED_WEIGHT
    assert kinds["api"].evidence == ("requirements.txt: x",)


def test_declared_only_weighs_less_and_is_less_sure():
    used = workload_kinds(evidence([framework("flask", ("api",))]))["api"]
    declared = workload_kinds(evidence([framework("flask", ("api",), used=())]))["api"]
    assert math.isclose(declared.score, MAIN_NEED_WEIGHT * DECLARED_ONLY_FACTOR)
    assert declared.confidence < used.confidence


def test_signals_combine_as_a_noisy_or():
    kinds = workload_kinds(evidence([framework("django", ("api",)), framework("flask", ("api",))]))
    assert math.isclose(kinds["api"].score, 1 - (1 - MAIN_NEED_WEIGHT) ** 2, abs_tol=1e-4)


def test_construct_density_drives_its_needs():
    few = {"goroutines": ConstructUse("goroutines", 2, 1, ("main.go:3",))}
    many = {"goroutines": ConstructUse("goroutines", 200, 20, ("main.go:3",))}
    low = workload_kinds(evidence(constructs=few))["high-throughput"]
    high = workload_kinds(evidence(constructs=many))["high-throughput"]
    assert 0 < low.score < high.score <= CONSTRUCT_RULES["goroutines"][0].cap
    assert high.evidence[0].startswith("main.go:3 goroutines: 200 in 20 files")


def test_every_construct_has_a_rule():
    assert set(CONSTRUCT_RULES) == set(CONSTRUCTS)


names = st.sampled_from(sorted(NEEDS))


@given(
    st.lists(st.tuples(st.lists(names, min_size=1, max_size=3, unique=True), st.booleans())),
    st.dictionaries(st.sampled_from(CONSTRUCTS), st.integers(0, 10_000)),
    st.integers(0, 10**7),
)
def test_scores_and_confidences_stay_between_0_and_1(found, counts, lines):
    frameworks = [
        framework(f"f{index}", tuple(needs), used=("a:1",) if used else ())
        for index, (needs, used) in enumerate(found)
    ]
    constructs = {name: ConstructUse(name, count, 1, ("a:1",)) for name, count in counts.items()}
    for kind in workload_kinds(evidence(frameworks, constructs, lines)).values():
        assert 0 <= kind.score <= 1 and 0 <= kind.confidence <= 1
        assert len(kind.evidence) <= 5
