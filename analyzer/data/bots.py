"""Automation that commits: never a person, listed under `excluded.bots`.

Most bots are found by rule (analyzer/history/identity.py `is_bot`: a name ending in the word
`bot`, `-bot` or `[bot]`, an address whose local part is `bot` or ends so); these tables hold
the services no rule catches. AI coding agents are in ai_agents.py.
"""

from __future__ import annotations

# Lower-cased author names (after .mailmap), with or without a trailing "[bot]".
BOT_NAMES: frozenset[str] = frozenset(
    {
        "dependabot",
        "dependabot-preview",
        "renovate",
        "renovate-bot",
        "renovatebot",
        "github-actions",
        "github action",
        "github actions",
        "pre-commit-ci",
        "snyk-bot",
        "snyk bot",
        "greenkeeper",
        "greenkeeperio-bot",
        "semantic-release-bot",
        "allcontributors",
        "all-contributors",
        "imgbot",
        "imgbotapp",
        "mergify",
        "codecov",
        "codecov-io",
        "deepsource-autofix",
        "pyup-bot",
        "pyup.io bot",
        "depfu",
        "whitesource-bolt-for-github",
        "mend-bolt-for-github",
        "weblate",
        "transifex",
        "crowdin bot",
        "gitlab bot",
        "travis ci",
        "circleci",
        "k8s-ci-robot",
        "bors",
        "release-please",
        "changeset-bot",
        "sourcery-ai",
        "stale",
    }
)

# Lower-cased author emails and email domains that only automation uses.
BOT_EMAILS: frozenset[str] = frozenset(
    {
        "support@dependabot.com",
        "bot@renovateapp.com",
        "action@github.com",
        "actions@github.com",
        "noreply@weblate.org",
        "snyk-bot@snyk.io",
        "support@greenkeeper.io",
        "bot@allcontributors.org",
        "bot@styleci.io",
    }
)
