from __future__ import annotations

import pytest

from analyzer.errors import StackfitError
from analyzer.history.identity import check_mailmap_file
from analyzer.history.identity import github_noreply
from analyzer.history.identity import group_people
from analyzer.history.identity import is_bot
from analyzer.history.identity import normalise_name


def test_normalise_name():
    assert normalise_name("  José   DÍAZ-López ") == "jose diaz lopez"


def test_github_noreply():
    assert github_noreply("12345+Octo-Cat@users.noreply.github.com") == ("12345", "octo-cat")
    assert github_noreply("octocat@users.noreply.github.com") == (None, "octocat")
    assert github_noreply("octocat@github.com") is None


@pytest.mark.parametrize(
    ("name", "email", "bot"),
    [
        ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", True),
        ("renovate[bot]", "bot@renovateapp.com", True),
        ("Renovate Bot", "bot@renovateapp.com", True),
        ("github-actions", "41898282+github-actions[bot]@users.noreply.github.com", True),
        ("pre-commit-ci[bot]", "66853113+pre-commit-ci[bot]@users.noreply.github.com", True),
        ("snyk-bot", "snyk-bot@snyk.io", True),
        ("greenkeeper[bot]", "support@greenkeeper.io", True),
        ("Robert Botham", "robert@example.com", False),
        ("Abbot Kinney", "abbot@example.com", False),
    ],
)
def test_bots(name, email, bot):
    assert is_bot(name, email) is bot


def test_bot_patterns_from_config():
    assert is_bot("Release Robot", "release@ci.example.com", ["*@ci.example.com"])
    assert is_bot("deploy-bot", "d@example.com", ["*-BOT"])
    assert not is_bot("Deploy Person", "d@example.com", ["*-bot"])


def ids(people):
    groups: dict[str, set] = {}
    for contact, person in people.items():
        groups.setdefault(person.id, set()).add(contact)
    return sorted(sorted(group) for group in groups.values())


def test_merge_on_email_case_and_full_name():
    weights = {
        ("Jane Doe", "jane@corp.com"): 5,
        ("jane doe", "JANE@corp.com"): 1,
        ("Jane Doe", "jane@home.net"): 2,
        ("J. Doe", "jane@home.net"): 1,
    }
    people = group_people(weights)
    assert len(ids(people)) == 1
    jane = people[("J. Doe", "jane@home.net")]
    assert jane.name == "Jane Doe"
    assert jane.id == "jane@corp.com"
    assert jane.emails == ("jane@corp.com", "jane@home.net")
    assert jane.names == ("J. Doe", "Jane Doe", "jane doe")


def test_first_names_and_placeholders_never_merge():
    weights = {
        ("Alex", "alex@one.org"): 1,
        ("Alex", "alex@two.org"): 1,
        ("root", "root@localhost"): 1,
        ("Your Name", "you@example.com"): 1,
        ("Sam Lee", "you@example.com"): 1,
        ("Kim Park", "you@example.com"): 1,
    }
    assert len(ids(group_people(weights))) == 6


def test_merge_on_github_noreply_id_and_login():
    weights = {
        ("Octo Cat", "583231+octocat@users.noreply.github.com"): 3,
        ("octocat", "octocat@users.noreply.github.com"): 1,
        ("The Octocat", "583231+renamed@users.noreply.github.com"): 1,
        ("octocat", "octo@example.com"): 1,  # the author name is the login
    }
    assert len(ids(group_people(weights))) == 1


def test_aliases_join_the_rest():
    weights = {
        ("Jane Doe", "jane@corp.com"): 1,
        ("jd", "jd@laptop.local"): 1,
        ("Other", "o@x.org"): 1,
    }
    people = group_people(weights, {"Jane Doe": ("jd@laptop.local",)})
    assert people[("jd", "jd@laptop.local")].id == "jane@corp.com"
    assert people[("Other", "o@x.org")].id == "o@x.org"


@pytest.mark.parametrize(
    "line",
    [
        "Jane Doe <jane@corp.com>",
        "<jane@corp.com> <jd@old.com>",
        "Jane Doe <jane@corp.com> <jd@old.com>",
        "Jane Doe <jane@corp.com> J D <jd@old.com>  # comment",
        "# just a comment",
        "",
    ],
)
def test_valid_mailmap_lines(line):
    check_mailmap_file(line, ".mailmap")


@pytest.mark.parametrize("line", ["Jane Doe jane@corp.com", "Jane <jane@corp.com", "<a> <b> <c>"])
def test_invalid_mailmap_lines(line):
    with pytest.raises(StackfitError, match="line 1 does not parse"):
        check_mailmap_file(line, ".mailmap")
