"""Respect for the people a report describes: stable pseudonyms, and no e-mail addresses.

A pseudonym is an HMAC-SHA256 of the person's id keyed by the repository's root commit: the same
person gets the same pseudonym run after run (and in every clone) of that repository, but the
pseudonym means nothing in another repository, and nobody can reverse it without guessing ids.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import replace

from analyzer.git.repository import Repository
from analyzer.git.repository import root_commit
from analyzer.history.rhythm import Month
from analyzer.history.rhythm import Rhythm
from analyzer.recommend.scoring import Criterion
from analyzer.recommend.scoring import Ranking
from analyzer.recommend.scoring import StackScore
from analyzer.skills.document import LanguageSummary
from analyzer.skills.document import PersonSkills
from analyzer.skills.document import SkillsEvidence
from analyzer.skills.document import TruckFactor

PSEUDONYM_PREFIX = "Person "
PSEUDONYM_HEX_DIGITS = 4  # short enough to say aloud; 65,536 values
COLLISION_HEX_DIGITS = 10  # for the rare people whose short forms collide
EMAIL_MASK = "@…"
_EMAIL = re.compile(r"[^\s<>()\[\],;:\"'@]+@[^\s<>()\[\],;:\"'@]+\.[^\s<>()\[\],;:\"'@]+")

Scrub = Callable[[str], str]


def pseudonym_key(repo: Repository) -> bytes:
    """The key pseudonyms are made with: the analysed revision's root commit."""
    return root_commit(repo).encode("ascii")


def _digest(person_id: str, key: bytes) -> str:
    return hmac.new(key, person_id.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


def pseudonyms(person_ids: Iterable[str], key: bytes) -> dict[str, str]:
    """Person id → "Person 7f3a"; ids whose short forms collide get longer, distinct forms."""
    digests = {person_id: _digest(person_id, key) for person_id in sorted(set(person_ids))}
    short: dict[str, list[str]] = {}
    for person_id, digest in digests.items():
        short.setdefault(digest[:PSEUDONYM_HEX_DIGITS], []).append(person_id)
    names = {}
    for person_id, digest in digests.items():
        collides = len(short[digest[:PSEUDONYM_HEX_DIGITS]]) > 1
        digits = COLLISION_HEX_DIGITS if collides else PSEUDONYM_HEX_DIGITS
        names[person_id] = PSEUDONYM_PREFIX + digest[:digits]
    return names


def mask_emails(text: str) -> str:
    """Every e-mail address in TEXT cut to its local part: `jane@corp.example` → `jane@…`."""
    return _EMAIL.sub(lambda match: match.group(0).split("@", 1)[0] + EMAIL_MASK, text)


def protect(
    evidence: SkillsEvidence,
    ranking: Ranking | None,
    key: bytes,
    *,
    anonymize: bool,
    show_emails: bool,
) -> tuple[SkillsEvidence, Ranking | None]:
    """The evidence and ranking a report may show: pseudonyms with ANONYMIZE, and no e-mail
    address anywhere unless SHOW_EMAILS (anonymizing drops addresses regardless)."""
    ids = pseudonyms((person.id for person in evidence.people), key)
    names = _renamed_names(evidence.people, ids) if anonymize else {}
    scrub = _scrubber(names, keep_emails=show_emails and not anonymize)
    people = [_person(person, ids, scrub, anonymize, show_emails) for person in evidence.people]
    protected = replace(
        evidence,
        people=people,
        languages={name: _language(item, scrub) for name, item in evidence.languages.items()},
        excluded_bots=[(scrub(name), commits) for name, commits in evidence.excluded_bots],
        history=replace(
            evidence.history, warnings=tuple(scrub(line) for line in evidence.history.warnings)
        ),
        file_authors={
            language: {
                path: frozenset(ids.get(pid, pid) for pid in found) for path, found in files.items()
            }
            for language, files in evidence.file_authors.items()
        },
        rhythm=_rhythm(evidence.rhythm, ids, scrub) if evidence.rhythm is not None else None,
        # Identities to review name people and addresses: gone under pseudonyms, masked else.
        possible_duplicates=[]
        if anonymize
        else [
            replace(
                item,
                people=tuple(replace(p, emails=tuple(map(scrub, p.emails))) for p in item.people),
            )
            for item in evidence.possible_duplicates
        ],
        suspected_bots=[]
        if anonymize
        else [
            replace(bot, email=scrub(bot.email), why=scrub(bot.why))
            for bot in evidence.suspected_bots
        ],
        truck_factor=replace(
            evidence.truck_factor,
            people=tuple(scrub(name) for name in evidence.truck_factor.people),
        )
        if evidence.truck_factor is not None
        else None,
    )
    return protected, _ranking(ranking, scrub) if ranking is not None else None


def _renamed_names(people: Iterable[PersonSkills], ids: Mapping[str, str]) -> dict[str, str]:
    """Every name and address a person went by → their pseudonym (the busiest person wins)."""
    names: dict[str, str] = {}
    for person in people:
        for item in (person.id, person.name, *person.names, *person.emails):
            if item.strip():
                names.setdefault(item, ids[person.id])
    return names


def _scrubber(names: Mapping[str, str], *, keep_emails: bool) -> Scrub:
    """Free text (evidence sentences, warnings) with NAMES replaced as whole words, and e-mail
    addresses masked unless KEEP_EMAILS. Replacing too much is safer than too little."""
    pattern = None
    if names:
        ordered = sorted(names, key=lambda name: (-len(name), name))
        alternation = "|".join(re.escape(name) for name in ordered)
        pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")

    def scrub(text: str) -> str:
        if pattern is not None:
            text = pattern.sub(lambda match: names[match.group(0)], text)
        return text if keep_emails else mask_emails(text)

    return scrub


def _person(
    person: PersonSkills, ids: Mapping[str, str], scrub: Scrub, anonymize: bool, show_emails: bool
) -> PersonSkills:
    if anonymize:
        pseudonym = ids[person.id]
        return replace(person, id=pseudonym, name=pseudonym, names=(pseudonym,), emails=())
    return replace(
        person,
        id=ids[person.id],
        name=scrub(person.name),
        names=tuple(scrub(name) for name in person.names),
        emails=person.emails if show_emails else (),
    )


def _truck_factor(factor: TruckFactor | None, scrub: Scrub) -> TruckFactor | None:
    return replace(factor, people=tuple(map(scrub, factor.people))) if factor else None


def _language(summary: LanguageSummary, scrub: Scrub) -> LanguageSummary:
    return replace(
        summary, truck_factor_people=tuple(scrub(name) for name in summary.truck_factor_people)
    )


def _rhythm(rhythm: Rhythm, ids: Mapping[str, str], scrub: Scrub) -> Rhythm:
    months = tuple(_month(month, scrub) for month in rhythm.months)
    people = {ids.get(pid, pid): item for pid, item in rhythm.people.items()}
    return replace(rhythm, months=months, people=dict(sorted(people.items())))


def _month(month: Month, scrub: Scrub) -> Month:
    return replace(
        month,
        joiners=tuple(sorted(scrub(name) for name in month.joiners)),
        leavers=tuple(sorted(scrub(name) for name in month.leavers)),
    )


def _ranking(ranking: Ranking, scrub: Scrub) -> Ranking:
    requirements = replace(ranking.requirements, detail=scrub(ranking.requirements.detail))
    what_if = replace(
        ranking.what_if, without=tuple(scrub(name) for name in ranking.what_if.without)
    )
    return replace(
        ranking,
        requirements=requirements,
        ranking=[_stack(item, scrub) for item in ranking.ranking],
        confidence_reasons=tuple(scrub(line) for line in ranking.confidence_reasons),
        what_if=what_if,
    )


def _stack(item: StackScore, scrub: Scrub) -> StackScore:
    criteria = {
        name: Criterion(
            criterion.score,
            criterion.weight,
            criterion.contribution,
            tuple(scrub(line) for line in criterion.evidence),
        )
        for name, criterion in item.criteria.items()
    }
    return replace(item, criteria=criteria)
