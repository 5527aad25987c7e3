"""`skills --top N` and `--active-only`: the people a reader asked to see, in every format.

Languages, truck factors and the team's rhythm stay those of the whole team; only the list of
people is cut, and the cut says how many it left out.
"""

from __future__ import annotations

from dataclasses import replace

from analyzer.skills.document import SkillsEvidence


def select_people(evidence: SkillsEvidence, top: int | None, active_only: bool) -> SkillsEvidence:
    """EVIDENCE with only its active people (ACTIVE_ONLY) and only the first TOP of them, in
    the evidence's own order (active people first, then most commits)."""
    people = [person for person in evidence.people if person.active or not active_only]
    if top is not None:
        people = people[:top]
    return replace(evidence, people=people)
