from __future__ import annotations

import pytest

from analyzer.history.identity import ai_agent
from analyzer.history.identity import github_noreply
from analyzer.history.identity import group_people
from analyzer.history.identity import is_bot
from analyzer.history.identity import mailmap_warning
from analyzer.history.identity import normalise_name
from analyzer.history.identity import possible_duplicates
from analyzer.history.identity import skipped_mailmap_lines


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


GIT_GIT_STYLE_MAILMAP = """#
# comment
Jane Doe <jane@corp.com>
<jane@corp.com> <jd@old.com>
Jane Doe <jane@corp.com> J D <jd@old.com>  # comment
Proper Name <proper@email.com> Commit Name
Ævar Arnfjörð Bjarmason <avarab@gmail.com> <avar@cpan.org>

Bob Jones bob@example.com
Jane <jane@corp.com
Empty <>
  # not a comment for git, and no address
"""


def test_skipped_mailmap_lines_are_those_git_skips():
    assert skipped_mailmap_lines(GIT_GIT_STYLE_MAILMAP) == [9, 10, 11, 12]
    assert mailmap_warning([9, 10, 11, 12]) == (
        ".mailmap: git skips 4 lines it cannot read (9, 10, 11, 12); those identities stay "
        "unmapped; fix: write them as 'Proper Name <proper@email> Commit Name <commit@email>' "
        "(see `git help check-mailmap`)"
    )
    assert mailmap_warning([]) is None


@pytest.mark.parametrize(
    ("name", "email", "bot"),
    [
        ("StyleCI Bot", "bot@styleci.io", True),
        ("README Bot", "readme@example.com", True),
        ("deploy-bot", "deploy@example.com", True),
        ("Deploy", "deploy-bot@example.com", True),
        ("Release", "release[bot]@example.com", True),
        ("Mario Bottarini", "mario@example.com", False),
        ("Jane Talbot", "talbot@example.com", False),
        ("Abbott", "abbott@example.com", False),
        ("iBotPeaches", "ibot@example.com", False),
        ("robotsniper", "robotsniper@example.com", False),
    ],
)
def test_bots_by_rule(name, email, bot):
    assert is_bot(name, email) is bot


@pytest.mark.parametrize(
    ("name", "email", "agent"),
    [
        ("Claude", "noreply@anthropic.com", "Claude"),
        ("Claude Opus 4.1", "noreply@anthropic.com", "Claude"),
        ("Copilot", "198982749+Copilot@users.noreply.github.com", "GitHub Copilot"),
        ("Cursor Agent", "cursoragent@cursor.com", "Cursor"),
        ("aider (gpt-4o)", "noreply@aider.chat", "Aider"),
        (
            "devin-ai-integration[bot]",
            "1+devin-ai-integration[bot]@users.noreply.github.com",
            "Devin",
        ),
        ("Claude Monet", "claude@monet.fr", None),
        ("Devin Smith", "devin@example.com", None),
    ],
)
def test_ai_agents_by_identity_not_first_name(name, email, agent):
    assert ai_agent(name, email) == agent


def test_merges_a_person_would_make():
    weights = {
        ("Taylor Otwell", "taylorotwell@gmail.com"): 3016,
        ("taylorotwell", "463230+taylorotwell@users.noreply.github.com"): 31,
        ("Dries Vints", "dries@vints.io"): 145,
        ("driesvints", "driesvints@users.noreply.github.com"): 71,
        ("Blake Mizerany", "blake.mizerany@gmail.com"): 44,
        (
            "blake.mizerany@gmail.com",
            "blake.mizerany@gmail.com@95fbf360-2702-46e8-84d8-6de9ca90a270",
        ): 35,
        ("burningTyger", "b6tyger@gmail.com"): 23,
        ("burningTyger", "m8r-0478r31@safetymail.info"): 19,
        ("Michael", "michael@a.org"): 3,
        ("Michael", "mike@b.org"): 2,
        ("Taylor Collins", "taylor@tcdihq.com"): 1,
    }
    people = group_people(weights)
    ids = {contact: person.id for contact, person in people.items()}
    assert len(set(ids.values())) == 7
    assert (
        ids[("taylorotwell", "463230+taylorotwell@users.noreply.github.com")]
        == "taylorotwell@gmail.com"
    )
    assert ids[("driesvints", "driesvints@users.noreply.github.com")] == "dries@vints.io"
    assert (
        people[
            (
                "blake.mizerany@gmail.com",
                "blake.mizerany@gmail.com@95fbf360-2702-46e8-84d8-6de9ca90a270",
            )
        ].name
        == "Blake Mizerany"
    )
    assert ids[("burningTyger", "m8r-0478r31@safetymail.info")] == "b6tyger@gmail.com"
    assert ids[("Michael", "michael@a.org")] != ids[("Michael", "mike@b.org")]
    duplicates = possible_duplicates(people, weights)
    assert [(d.reason, d.aliases) for d in duplicates] == [
        ("share the one-word name 'michael'", 'aliases = { "Michael" = ["mike@b.org"] }')
    ]
