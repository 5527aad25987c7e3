from __future__ import annotations

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
