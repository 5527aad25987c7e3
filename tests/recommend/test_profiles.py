from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from analyzer.data.catalog import NEEDS
from analyzer.errors import StackfitError
from analyzer.recommend.profiles import PERFORMANCE_FACTS
from analyzer.recommend.profiles import default_profiles_dir
from analyzer.recommend.profiles import load_catalog

EXPECTED = {"node", "python", "go", "java", "php", "ruby", "dotnet", "rust", "elixir"}
UNCOUNTED = {"elixir"}  # no developer count checked: hiring is unknown, and says why


def test_bundled_profiles_load_and_cover_every_need():
    catalog = load_catalog()
    assert set(catalog.profiles) == EXPECTED
    for profile in catalog.profiles.values():
        assert set(profile.needs) == set(NEEDS)
        assert set(profile.performance) == set(PERFORMANCE_FACTS)
        count = profile.hiring["developers_millions"]
        assert (count.value is None) == (profile.id in UNCOUNTED)
        assert count.value is not None or "unknown" in count.detail
        for fact in (*profile.performance.values(), *profile.hiring.values()):
            assert fact.source in catalog.sources
        for strength in profile.needs.values():
            assert 0 <= strength.strength <= 1 and strength.rationale
        for adjacent in profile.adjacent:
            assert 0 < adjacent.transfer < 1 and adjacent.language not in profile.languages


def test_the_advice_is_encoded():
    """Node leads realtime and trails CPU work; Python leads data-ml; Go leads infra."""
    profiles = load_catalog().profiles

    def best(need):
        top = max(p.needs[need].strength for p in profiles.values())
        return {p.id for p in profiles.values() if p.needs[need].strength == top}

    assert best("realtime") == {"node", "elixir"}
    assert best("data-ml") == {"python"}
    assert best("infra") == {"go"}
    assert (
        profiles["node"].needs["cpu-heavy"].strength
        < profiles["python"].needs["cpu-heavy"].strength
    )


# Each figure as read from the pinned file (see profiles/_sources.yaml): the-benchmarker's
# total_requests_per_s at 512 connections; lambda-perf's zip, x86_64, 512 MB acd and mu.
PINNED_FIGURES = {
    ("go", "throughput_rps"): 47971,  # fiber
    ("rust", "throughput_rps"): 50761,  # axum
    ("dotnet", "throughput_rps"): 22327,  # aspnet-mvc
    ("java", "throughput_rps"): 30385,  # quarkus
    ("node", "throughput_rps"): 6662,  # fastify
    ("php", "throughput_rps"): 2408,  # laravel
    ("python", "throughput_rps"): 5398,  # fastapi
    ("ruby", "throughput_rps"): 4189,  # rails
    ("elixir", "throughput_rps"): 7020,  # phoenix_bandit
    ("go", "cold_start_ms"): 49,  # 48.633 on provided.al2023
    ("rust", "cold_start_ms"): 18,  # 18.151 on provided.al2023
    ("dotnet", "cold_start_ms"): 268,  # dotnet8 267.851
    ("java", "cold_start_ms"): 231,  # java21 230.953
    ("node", "cold_start_ms"): 139,  # nodejs22.x 138.597
    ("python", "cold_start_ms"): 83,  # python3.12 82.967
    ("ruby", "cold_start_ms"): 252,  # ruby3.4 251.978
    ("go", "memory_mb"): 17,
    ("rust", "memory_mb"): 15.5,
    ("dotnet", "memory_mb"): 70,
    ("java", "memory_mb"): 96,
    ("node", "memory_mb"): 74,
    ("python", "memory_mb"): 37,
    ("ruby", "memory_mb"): 37,
}
SLASHDATA_MILLIONS = {"node": 25.2, "python": 18.2, "java": 17.7, "dotnet": 10.2, "php": 9.8,
                      "go": 4.7, "rust": 4.0, "ruby": 2.5}  # fmt: skip


def test_every_figure_names_a_pinned_source():
    """A reviewer can find each number: a source with a pin, and for a repository the exact
    commit (in the pin and in the url); a missing number says it is unknown."""
    catalog = load_catalog()
    used = set()
    for profile in catalog.profiles.values():
        for fact in (*profile.performance.values(), *profile.hiring.values()):
            source = catalog.sources[fact.source]
            used.add(source.id)
            assert source.pin and not source.pin.startswith("unpinned"), source.id
            assert fact.value is not None or "unknown" in fact.detail, (profile.id, fact)
    for source_id in used:
        source = catalog.sources[source_id]
        if "github.com" in (source.url or ""):
            commit = re.search(r"\b[0-9a-f]{40}\b", source.pin or "")
            assert commit and commit.group() in (source.url or ""), source_id
    assert used == {"benchmarker-2026", "lambda-perf-2026", "slashdata-2024", "so-2024"}
    assert "data/2026-08-22.json" in (catalog.sources["lambda-perf-2026"].pin or "")
    assert "linuxiac" not in (catalog.sources["slashdata-2024"].url or "")


def test_figures_are_the_pinned_ones():
    profiles = load_catalog().profiles
    measured = {
        (profile.id, name): fact.value
        for profile in profiles.values()
        for name, fact in profile.performance.items()
        if fact.value is not None
    }
    assert measured == PINNED_FIGURES
    counted = {
        profile.id: profile.hiring["developers_millions"].value
        for profile in profiles.values()
        if profile.hiring["developers_millions"].value is not None
    }
    assert counted == SLASHDATA_MILLIONS


def test_transfer_factors_have_a_reason_and_a_basis():
    catalog = load_catalog()
    for profile in catalog.profiles.values():
        for adjacent in profile.adjacent:
            assert adjacent.reason.strip()
            assert adjacent.basis == "maintainers' judgement" or (
                adjacent.source in catalog.sources
            )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "profiles"
    shutil.copytree(default_profiles_dir(), target)
    return target


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "  realtime: {strength: 0.95,",
            "  realtime: {strength: 1.5,",
            "node.yaml: needs.realtime.strength must be a number from 0 to 1",
        ),
        ("source: slashdata-2024}", "source: a-blog}", "names an unknown source 'a-blog'"),
        (
            "languages: [TypeScript, JavaScript]",
            "languages: []",
            "node.yaml: languages must list at least one",
        ),
        (
            "  throughput_rps: {value: 6662,",
            "  throughput_rps: {value: -3,",
            "performance.throughput_rps.value must be a positive number",
        ),
        (
            "  data-ml: {strength: 0.3,",
            "  data-mlx: {strength: 0.3,",
            "node.yaml: needs.data-ml is missing",
        ),
        ("id: node", "id: node\nid: [", "node.yaml line"),
    ],
)
def test_bad_profile_is_an_error_naming_file_and_field(folder, old, new, message):
    path = folder / "node.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(StackfitError, match=None) as caught:
        load_catalog(folder)
    assert message in str(caught.value)


def test_duplicate_ids(folder):
    shutil.copy(folder / "go.yaml", folder / "go2.yaml")
    with pytest.raises(StackfitError, match="id 'go' is used twice"):
        load_catalog(folder)
