"""People from author identities: .mailmap first (git applies it), then union-find merging.

Two identities are one person when they share a normalised email (a git-svn `user@host@uuid`
read as `user@host`; a name that is itself an address counts as that address), a normalised
full name (two words or more; a lone first name such as "Alex" is too common to trust), a
distinctive one-word handle, a GitHub noreply id or login (the login also matching another
identity's address local part or its full name run together), or an `aliases` entry in the
config. Bots and AI agents are set aside, never merged. What stays ambiguous is listed as
possible duplicates, never merged.
"""

from __future__ import annotations

import fnmatch
import functools
import re
import unicodedata
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import replace

from analyzer.data.ai_agents import AGENT_EMAILS
from analyzer.data.ai_agents import AGENT_LOGINS
from analyzer.data.ai_agents import AGENT_NAME_PREFIXES
from analyzer.data.ai_agents import AGENT_NAMES
from analyzer.data.bots import BOT_EMAILS
from analyzer.data.bots import BOT_NAMES
from analyzer.data.first_names import COMMON_FIRST_NAMES
from analyzer.errors import StackfitError
from analyzer.git.repository import GitFailure
from analyzer.git.repository import Repository
from analyzer.git.repository import first_line
from analyzer.git.repository import run_git

Contact = tuple[str, str]  # (name, email) as git reports them after .mailmap

_GIT_SVN = re.compile(r"^(?P<address>[^@\s]+@[^@\s]+)@[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}$")
_NOT_WORD = re.compile(r"[^\w]+")
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
_BOT_SUFFIXES = ("-bot", "[bot]")
HANDLE_MIN_LENGTH = 5
# Local parts many people's addresses share: never evidence of one GitHub login.
_GENERIC_LOCAL_PARTS = frozenset(
    {"admin", "contact", "hello", "github", "gitlab", "noreply", "no-reply", "mail", "email",
     "info", "support", "users", "developer", "dev", "git", "root", "webmaster", "office"}
)  # fmt: skip
_NOREPLY = re.compile(r"^(?:(?P<id>\d+)\+)?(?P<login>[^@]+)@users\.noreply\.github\.com$")
# Placeholders many people share; merging on them would join strangers.
_GENERIC_EMAILS = frozenset(
    {"", "none", "(none)", "none@none", "root@localhost", "you@example.com", "noreply@github.com",
     "user@example.com", "email@example.com", "unknown", "nobody@nowhere"}
)  # fmt: skip
_GENERIC_NAMES = frozenset(
    {"", "unknown", "root", "admin", "administrator", "ubuntu", "user", "your name", "github",
     "the author", "no name", "anonymous", "dev", "developer"}
)  # fmt: skip


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    names: tuple[str, ...]
    emails: tuple[str, ...]


def normalise_email(email: str) -> str:
    """Lower case; a git-svn address `user@host@repository-uuid` is read as `user@host`."""
    lowered = email.strip().lower()
    match = _GIT_SVN.match(lowered)
    return match["address"] if match else lowered


@functools.lru_cache(maxsize=1 << 16)  # each contact's name is compared many times
def normalise_name(name: str) -> str:
    """Lower case, accents and punctuation dropped, spaces collapsed: 'José  D.' → 'jose d'."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_NOT_WORD.sub(" ", plain.lower()).split())


def compact(text: str) -> str:
    """A name or login with case, accents, spaces and punctuation gone: 'Dries Vints' and
    'dries-vints' are both 'driesvints'."""
    return normalise_name(text).replace(" ", "").replace("_", "")


def github_noreply(email: str) -> tuple[str | None, str] | None:
    """(numeric id or None, login) of a GitHub noreply address, else None."""
    match = _NOREPLY.match(normalise_email(email))
    return (match["id"], match["login"]) if match else None


def _local_part(email: str) -> str:
    return normalise_email(email).partition("@")[0]


def is_bot(name: str, email: str, extra_patterns: Sequence[str] = ()) -> bool:
    """True for automation: a name whose last word is `bot` or that ends in `-bot`/`[bot]`, an
    address whose local part is `bot` or ends so, known services, and config `bots` globs.

    Letters "bot" inside a word are no sign (Talbot, Bottarini, iBotPeaches, robotsniper).
    """
    lowered_name = name.strip().lower()
    lowered_email = normalise_email(email)
    local = lowered_email.partition("@")[0]
    noreply = github_noreply(email)
    if noreply is not None:
        local = noreply[1]
    words = lowered_name.split()
    if (words and words[-1] == "bot") or lowered_name.endswith(_BOT_SUFFIXES):
        return True
    if local == "bot" or local.endswith(_BOT_SUFFIXES):
        return True
    if lowered_name.removesuffix("[bot]").strip() in BOT_NAMES or lowered_email in BOT_EMAILS:
        return True
    return any(
        fnmatch.fnmatchcase(lowered_name, pattern.lower())
        or fnmatch.fnmatchcase(lowered_email, pattern.lower())
        for pattern in extra_patterns
    )


def ai_agent(name: str, email: str) -> str | None:
    """The AI coding agent behind an identity (data/ai_agents.py), else None.

    Decided by address, GitHub login or a whole name no person bears; never by a first name.
    """
    lowered_email = normalise_email(email)
    lowered_name = " ".join(name.strip().lower().split())
    noreply = github_noreply(email)
    for agent, emails in AGENT_EMAILS.items():
        if lowered_email in emails:
            return agent
    if noreply is not None:
        for agent, logins in AGENT_LOGINS.items():
            if noreply[1] in logins:
                return agent
    for agent, names in AGENT_NAMES.items():
        if lowered_name in names:
            return agent
    for agent, prefixes in AGENT_NAME_PREFIXES.items():
        if lowered_name.startswith(prefixes):
            return agent
    return None


def is_handle(normal_name: str) -> bool:
    """A distinctive one-word handle ('burningtyger'): not a placeholder, not a common first
    name, at least HANDLE_MIN_LENGTH characters. Its owner is one person under any address."""
    return (
        " " not in normal_name
        and len(normal_name) >= HANDLE_MIN_LENGTH
        and normal_name not in _GENERIC_NAMES
        and normal_name not in COMMON_FIRST_NAMES
        and not normal_name.isdigit()
    )


def merge_keys(contact: Contact, logins: frozenset[str]) -> list[tuple[str, str]]:
    """The keys on which CONTACT joins others; LOGINS are the GitHub logins seen in noreply
    mail, compacted (compact())."""
    name, email = contact
    keys = []
    normal_email = normalise_email(email)
    if normal_email not in _GENERIC_EMAILS and "@" in normal_email:
        keys.append(("email", normal_email))
    normal_name = normalise_name(name)
    name_as_email = normalise_email(name)
    if _EMAIL.match(name_as_email) and name_as_email not in _GENERIC_EMAILS:
        keys.append(("email", name_as_email))  # the name is an address: that address's owner
    elif normal_name not in _GENERIC_NAMES and len(normal_name.split()) >= 2:
        keys.append(("name", normal_name))
    elif is_handle(normal_name):
        keys.append(("handle", normal_name))
    noreply = github_noreply(email)
    if noreply:
        user_id, login = noreply
        keys.append(("login", compact(login)))
        if user_id:
            keys.append(("github-id", user_id))
        return keys
    compact_name = compact(name)
    if compact_name in logins and compact_name not in _GENERIC_NAMES:
        keys.append(("login", compact_name))  # the name, run together, is that GitHub login
    local = compact(_local_part(email))
    if (
        local in logins
        and len(local) >= HANDLE_MIN_LENGTH
        and local not in _GENERIC_LOCAL_PARTS
        and normal_email not in _GENERIC_EMAILS
    ):
        keys.append(("login", local))  # the address's local part is that GitHub login
    return keys


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, first: int, second: int) -> None:
        root_first, root_second = self.find(first), self.find(second)
        if root_first != root_second:
            self.parent[max(root_first, root_second)] = min(root_first, root_second)


def group_people(
    weights: Mapping[Contact, int], aliases: Mapping[str, Sequence[str]] = {}
) -> dict[Contact, Person]:
    """Map every contact to its person. WEIGHTS (commits per contact) pick the display name."""
    contacts = sorted(weights)
    index = {contact: position for position, contact in enumerate(contacts)}
    logins = frozenset(
        compact(noreply[1])
        for _, email in contacts
        if (noreply := github_noreply(email)) is not None
    )
    finder = _UnionFind(len(contacts))
    first_with_key: dict[tuple[str, str], int] = {}
    for contact in contacts:
        keys = merge_keys(contact, logins) + _alias_keys(contact, aliases)
        for key in keys:
            position = first_with_key.setdefault(key, index[contact])
            finder.union(position, index[contact])
    groups: dict[int, list[Contact]] = {}
    for contact in contacts:
        groups.setdefault(finder.find(index[contact]), []).append(contact)
    people: dict[Contact, Person] = {}
    used_ids: set[str] = set()
    for members in groups.values():
        person = _person(members, weights)
        if person.id in used_ids:  # only placeholder emails can be shared by two people
            person = replace(person, id=_unique(person.id, used_ids))
        used_ids.add(person.id)
        for contact in members:
            people[contact] = person
    return people


@dataclass(frozen=True)
class PossibleDuplicate:
    """People that may be one: the reason, and the `aliases` line that would merge them."""

    people: tuple[Person, ...]
    reason: str

    @property
    def aliases(self) -> str:
        first, *others = self.people
        items = sorted({email for person in others for email in person.emails})
        listed = ", ".join(_toml_string(item) for item in items)
        return f"aliases = {{ {_toml_string(first.name)} = [{listed}] }}"


MAX_POSSIBLE_DUPLICATES = 50


@dataclass(frozen=True)
class SuspectedBot:
    """A person whose commits look automated: never dropped, listed for the user to confirm."""

    name: str
    email: str
    commits: int
    why: str

    @property
    def config_line(self) -> str:
        return f"bots = [{_toml_string(normalise_email(self.email))}]"


def possible_duplicates(
    people: Mapping[Contact, Person], weights: Mapping[Contact, int]
) -> list[PossibleDuplicate]:
    """People left apart who share a one-word name (a common first name or a short one) or a
    distinctive address local part: the user decides, with the `aliases` line given."""
    commits: dict[str, int] = {}
    by_id: dict[str, Person] = {}
    for contact, person in people.items():
        commits[person.id] = commits.get(person.id, 0) + weights.get(contact, 0)
        by_id[person.id] = person
    clues: dict[tuple[str, str], set[str]] = {}
    for person in by_id.values():
        for name in person.names:
            normal = normalise_name(name)
            if normal and " " not in normal and normal not in _GENERIC_NAMES:
                clues.setdefault((f"the one-word name {normal!r}", normal), set()).add(person.id)
        for email in person.emails:
            local = compact(email.partition("@")[0])
            if (
                is_handle(local)
                and local not in _GENERIC_LOCAL_PARTS
                and email not in _GENERIC_EMAILS
                and github_noreply(email) is None
            ):
                clues.setdefault((f"the address name {local!r}", local), set()).add(person.id)
    found: dict[tuple[str, ...], str] = {}
    for (reason, _), ids in sorted(clues.items()):
        if len(ids) > 1:
            ordered = tuple(sorted(ids, key=lambda pid: (-commits[pid], pid)))
            found.setdefault(ordered, reason)
    ranked = sorted(found.items(), key=lambda item: (-sum(commits[p] for p in item[0]), item[0]))
    return [
        PossibleDuplicate(tuple(by_id[pid] for pid in ids), f"share {reason}")
        for ids, reason in ranked[:MAX_POSSIBLE_DUPLICATES]
    ]


def _toml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in escaped) + '"'


def _unique(wanted: str, used: set[str]) -> str:
    number = 2
    while f"{wanted}#{number}" in used:
        number += 1
    return f"{wanted}#{number}"


def _alias_keys(contact: Contact, aliases: Mapping[str, Sequence[str]]) -> list[tuple[str, str]]:
    """Config aliases: `"Jane Doe" = ["jd@home.net", "jdoe"]` joins every name or email listed."""
    name, email = contact
    wanted = {normalise_email(email), normalise_name(name)}
    return [
        ("alias", canonical)
        for canonical, others in aliases.items()
        if wanted & {_alias_form(item) for item in (canonical, *others)}
    ]


def _alias_form(item: str) -> str:
    return normalise_email(item) if "@" in item else normalise_name(item)


def _person(members: list[Contact], weights: Mapping[Contact, int]) -> Person:
    def most_used(values: Iterable[tuple[str, int]]) -> str:
        totals: dict[str, int] = {}
        for value, weight in values:
            totals[value] = totals.get(value, 0) + weight
        return min(totals, key=lambda value: (-totals[value], value))

    emails = sorted({normalise_email(email) for _, email in members})
    names = sorted({name for name, _ in members})
    primary_email = most_used((normalise_email(email), weights[(n, email)]) for n, email in members)
    display_name = most_used((name, weights[(name, e)]) for name, e in members)
    if primary_email in _GENERIC_EMAILS or "@" not in primary_email:
        person_id = f"{normalise_name(display_name) or 'unknown'} <{primary_email}>"
    else:
        person_id = primary_email
    return Person(id=person_id, name=display_name, names=tuple(names),
                  emails=tuple(emails))  # fmt: skip


def skipped_mailmap_lines(text: str) -> list[int]:
    """Numbers of the lines git's .mailmap parser silently skips (mailmap.c read_mailmap_line).

    git reads a line when it is not a comment (`#` in the first column) and holds `<email>`
    with something between the brackets; anything after the second `<email>` is ignored,
    and a blank line is nothing to report.
    """
    skipped = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith("#") or not line.strip():
            continue
        left = line.find("<")
        right = line.find(">", left + 1) if left >= 0 else -1
        if right <= left + 1:
            skipped.append(number)
    return skipped


def mailmap_warning(skipped: Sequence[int], source: str = ".mailmap") -> str | None:
    """One warning naming every line git skips; None when git reads them all."""
    if not skipped:
        return None
    numbers = ", ".join(str(number) for number in skipped)
    return (
        f"{source}: git skips {len(skipped)} {'line' if len(skipped) == 1 else 'lines'} it "
        f"cannot read ({numbers}); those identities stay unmapped; fix: write them as "
        "'Proper Name <proper@email> Commit Name <commit@email>' (see `git help check-mailmap`)"
    )


def apply_mailmap(repo: Repository, contacts: Iterable[Contact]) -> dict[Contact, Contact]:
    """Map co-author contacts through .mailmap with one `git check-mailmap --stdin`."""
    wanted = sorted(set(contacts))
    if not wanted:
        return {}
    lines = [f"{_clean(name)} <{_clean(email)}>" for name, email in wanted]
    try:
        out = run_git(repo.root, ["check-mailmap", "--stdin"], stdin=("\n".join(lines) + "\n"))
    except GitFailure as failure:
        raise StackfitError(
            f"git cannot apply .mailmap: {first_line(failure.stderr)}", "check the .mailmap file"
        ) from None
    mapped = out.decode("utf-8", "replace").splitlines()
    result = {}
    for contact, line in zip(wanted, mapped, strict=False):  # git answers line by line
        name, _, rest = line.rpartition(" <")
        result[contact] = (name, rest.removesuffix(">")) if rest else contact
    return result


def _clean(text: str) -> str:
    return re.sub(r"[<>\n\r\0]", "", text).strip()
