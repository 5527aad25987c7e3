"""`stackfit recommend --format json`: the schema_version 1 ranking document."""

from __future__ import annotations

from typing import Any

from analyzer import jsontext
from analyzer.formatting import rounded
from analyzer.jsontext import document_header
from analyzer.recommend.judge import band
from analyzer.recommend.scoring import Ranking
from analyzer.report.recommend.sentences import sensitivity_line
from analyzer.report.recommend.sentences import unprofiled_lines
from analyzer.report.recommend.sentences import verdict
from analyzer.skills.document import SkillsEvidence


def to_json(evidence: SkillsEvidence, ranking: Ranking) -> dict[str, Any]:
    sensitivity = ranking.sensitivity
    return {
        **document_header(),
        "repository": {
            "path": evidence.repository.path,
            "head": evidence.repository.head,
            "commits_analyzed": evidence.repository.commits_analyzed,
            "shallow": evidence.repository.shallow,
        },
        "as_of": evidence.model.as_of.isoformat(),
        "requirements": {
            "needs": list(ranking.requirements.needs),
            "source": ranking.requirements.source,
            "detail": ranking.requirements.detail,
            "must": list(ranking.requirements.must),
        },
        "weights": {name: rounded(weight) for name, weight in ranking.weights.items()},
        "weights_as_given": {name: rounded(weight) for name, weight in ranking.raw_weights.items()},
        "ranking": [
            {
                "stack": item.stack,
                "name": item.name,
                "score": rounded(item.score),
                "reason": item.reason,
                "vetoed": list(item.vetoed),
                "team_evidence": item.team_evidence,
                "confidence": {
                    "score": rounded(item.confidence),
                    "band": band(item.confidence),
                    "reasons": list(item.confidence_reasons),
                },
                "criteria": {
                    name: {
                        "score": rounded(criterion.score),
                        "weight": rounded(criterion.weight),
                        "contribution": rounded(criterion.contribution),
                        "evidence": list(criterion.evidence),
                        "known": criterion.known,
                    }
                    for name, criterion in item.criteria.items()
                },
            }
            for item in ranking.ranking
        ],
        "margin": rounded(ranking.margin),
        "close_call": ranking.close_call,
        "close_call_reasons": list(ranking.close_call_reasons),
        "verdict": verdict(ranking),
        "strongest_stack": ranking.strongest_stack,
        "confidence": {
            "score": rounded(ranking.confidence),
            "band": band(ranking.confidence),
            "overall": rounded(ranking.overall_confidence),
            "reasons": list(ranking.confidence_reasons),
        },
        "unprofiled_languages": [
            {
                "language": item.language,
                "people": item.people,
                "nearest": [
                    {"stack": stack, "transfer": transfer, "reason": reason}
                    for stack, transfer, reason in item.nearest
                ],
            }
            for item in ranking.unprofiled
        ],
        "notes": unprofiled_lines(ranking),
        "sensitivity": None
        if sensitivity is None
        else {
            "criterion": sensitivity.criterion,
            "weight_from": rounded(sensitivity.weight_from),
            "weight_to": rounded(sensitivity.weight_to),
            "new_winner": sensitivity.new_winner,
            "value_from": rounded(sensitivity.value_from),
            "value_to": rounded(sensitivity.value_to),
            "flag": sensitivity.flag,
            "statement": sensitivity_line(ranking),
        },
        "what_if": {
            "without": list(ranking.what_if.without),
            "hires": dict(ranking.what_if.hires),
        },
    }


def render(evidence: SkillsEvidence, ranking: Ranking) -> str:
    return jsontext.dumps(to_json(evidence, ranking), indent=2) + "\n"
