"""People from author identities: .mailmap first (git applies it), then union-find merging.

Two identities are one person when they share a normalised email, a normalised full name
(two words or more; a lone first name such as "Alex" is too common to trust), a GitHub
noreply id or login, or an `aliases` entry in the config. Bots are set aside, never merged.
"""

from __future__ import annotations

import fnmatch
import re
import unicodedata
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import replace

from analyzer.data.bots import BOT_EMAILS
from analyzer.data.bots import BOT_NAMES
from analyzer.errors import StackfitError
from analyzer.git.repository import GitFailure
from analyzer.git.repository import Repository
from analyzer.git.repository import first_line
from analyzer.git.repository import run_git

Contact = tuple[str, str]  # (name, email) as git reports them after .mailmap

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
_MAILMAP_LINE = re.compile(r"^\s*[^<>#]*<[^<>]*>(?:\s*[^<>#]*<[^<>]*>)?\s*(?:#.*)?$")


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    names: tuple[str, ...]
    emails: tuple[str, ...]


def normalise_email(email: str) -> str:
    return email.strip().lower()


def normalise_name(name: str) -> str:
    """Lower case, accents and punctuation dropped, spaces collapsed: 'José  D.' → 'jose d'."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^\w]+", " ", plain.lower()).split())


def github_noreply(email: str) -> tuple[str | None, str] | None:
    """(numeric id or None, login) of a GitHub noreply address, else None."""
    match = _NOREPLY.match(normalise_email(email))
    return (match["id"], match["login"]) if match else None


def is_bot(name: str, email: str, extra_patterns: Sequence[str] = ()) -> bool:
    """True for automation: '[bot]' names, known bot accounts, and config `bots` globs."""
    lowered_name = name.strip().lower()
    lowered_email = normalise_email(email)
    if lowered_name.endswith("[bot]") or "[bot]@" in lowered_email:
        return True
    if lowered_name.removesuffix("[bot]").strip() in BOT_NAMES or lowered_email in BOT_EMAILS:
        return True
    return any(
        fnmatch.fnmatchcase(lowered_name, pattern.lower())
        or fnmatch.fnmatchcase(lowered_email, pattern.lower())
        for pattern in extra_patterns
    )


def merge_keys(contact: Contact, logins: frozenset[str]) -> list[tuple[str, str]]:
    """The keys on which CONTACT joins others; LOGINS are the GitHub logins seen in noreply mail."""
    name, email = contact
    keys = []
    normal_email = normalise_email(email)
    if normal_email not in _GENERIC_EMAILS and "@" in normal_email:
        keys.append(("email", normal_email))
    normal_name = normalise_name(name)
    if normal_name not in _GENERIC_NAMES and len(normal_name.split()) >= 2:
        keys.append(("name", normal_name))
    noreply = github_noreply(email)
    if noreply:
        user_id, login = noreply
        keys.append(("login", login))
        if user_id:
            keys.append(("github-id", user_id))
    elif normal_name.replace(" ", "") in logins and " " not in name.strip():
        keys.append(("login", normal_name))  # the author name is that GitHub login
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
        noreply[1] for _, email in contacts if (noreply := github_noreply(email)) is not None
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


def check_mailmap_file(text: str, source: str) -> None:
    """Reject a .mailmap git would silently half-ignore: each line must be a valid mapping."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not _MAILMAP_LINE.match(line):
            raise StackfitError(
                f"{source} line {number} does not parse: {line.strip()[:80]!r}",
                "write it as 'Proper Name <proper@email> Commit Name <commit@email>' "
                "(see `git help check-mailmap`)",
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
