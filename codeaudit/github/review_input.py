"""Read what ``codeaudit review`` wrote: its JSON (ranked items) and its SARIF (new findings).

The JSON contract (issue 7): top-level ``items``, each with ``kind``
("commit"|"file"|"hunk"), ``sha``, ``path``, ``start``/``end`` (new-side lines
of a hunk), ``score``, ``reasons`` and ``findings`` (the new ones, in the
``Finding.to_dict()`` form).  The SARIF holds the new findings only.  Both are
read defensively: a missing field degrades the comment, never crashes the bot.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SEVERITIES = ("info", "low", "medium", "high", "critical")
CONFIDENCES = ("low", "medium", "high")


@dataclass
class NewFinding:
    code: str
    slug: str
    category: str
    severity: str
    confidence: str
    path: str
    start_line: int
    end_line: int
    message: str
    snippet: str = ""
    fingerprint: str = ""
    cwe: tuple[int, ...] = ()

    def rank(self) -> tuple:
        """Sort key: most severe, most confident first, then by place."""
        return (-_index(SEVERITIES, self.severity), -_index(CONFIDENCES, self.confidence), self.path, self.start_line, self.code)


@dataclass
class RankedItem:
    kind: str
    path: str
    start: int | None
    end: int | None
    score: float
    reasons: list[str]
    sha: str = ""
    fingerprints: list[str] = field(default_factory=list)


@dataclass
class ReviewInput:
    findings: list[NewFinding]
    items: list[RankedItem]
    head_sha: str = ""


def _index(values: tuple[str, ...], value: str) -> int:
    return values.index(value) if value in values else 0


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _fallback_fingerprint(code: str, path: str, snippet: str, line: int) -> str:
    key = "\0".join((code, path, "".join(snippet.split()) or str(line)))
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def finding_from_json(data: dict[str, Any]) -> NewFinding:
    span = data.get("span") or {}
    start = _int(span.get("start_line", data.get("line", data.get("start_line"))), 1)
    end = _int(span.get("end_line", data.get("end_line")), start)
    code, path, snippet = str(data.get("code", "")), str(data.get("path", "")), str(data.get("snippet", "") or "")
    return NewFinding(
        code=code, slug=str(data.get("slug", "")), category=str(data.get("category", "")),
        severity=str(data.get("severity", "medium")).lower(), confidence=str(data.get("confidence", "medium")).lower(),
        path=path, start_line=start, end_line=max(start, end), message=str(data.get("message", "")),
        snippet=snippet, fingerprint=str(data.get("fingerprint") or _fallback_fingerprint(code, path, snippet, start)),
        cwe=tuple(_int(c) for c in data.get("cwe") or () if _int(c)),
    )  # fmt: skip


def findings_from_sarif(document: dict[str, Any]) -> list[NewFinding]:
    out: list[NewFinding] = []
    for run in document.get("runs") or []:
        rules = (run.get("tool") or {}).get("driver", {}).get("rules") or []
        for result in run.get("results") or []:
            index = result.get("ruleIndex")
            rule = rules[index] if isinstance(index, int) and 0 <= index < len(rules) else {}
            props = result.get("properties") or {}
            location = ((result.get("locations") or [{}])[0]).get("physicalLocation") or {}
            region = location.get("region") or {}
            start = _int(region.get("startLine"), 1)
            code = str(result.get("ruleId", ""))
            path = str((location.get("artifactLocation") or {}).get("uri", ""))
            snippet = str((region.get("snippet") or {}).get("text", ""))
            fingerprint = (result.get("partialFingerprints") or {}).get("codeaudit/v1")
            cwe = tuple(
                _int(tag.rsplit("-", 1)[-1]) for tag in (rule.get("properties") or {}).get("tags", []) if str(tag).startswith("external/cwe/")
            )  # fmt: skip
            out.append(NewFinding(
                code=code, slug=str(rule.get("name", "")), category=str(props.get("category", "")),
                severity=str(props.get("severity") or _severity_of_level(result.get("level"))).lower(),
                confidence=str(props.get("confidence", "medium")).lower(), path=path, start_line=start,
                end_line=max(start, _int(region.get("endLine"), start)),
                message=str((result.get("message") or {}).get("text", "")), snippet=snippet,
                fingerprint=str(fingerprint or _fallback_fingerprint(code, path, snippet, start)), cwe=cwe,
            ))  # fmt: skip
    return out


def _severity_of_level(level: Any) -> str:
    return {"error": "high", "warning": "medium", "note": "low"}.get(str(level), "medium")


def load(json_path: Path | None, sarif_path: Path | None) -> ReviewInput:
    """Merge the review JSON and SARIF; findings are keyed (and deduplicated) by fingerprint."""
    findings: dict[str, NewFinding] = {}
    items: list[RankedItem] = []
    head_sha = ""
    if json_path is not None:
        document = json.loads(Path(json_path).read_text(encoding="utf-8"))
        head_sha = str(document.get("head") or document.get("head_sha") or "")
        for raw in document.get("findings") or document.get("new_findings") or []:
            if isinstance(raw, dict):
                finding = finding_from_json(raw)
                findings.setdefault(finding.fingerprint, finding)
        for raw in document.get("items") or []:
            if not isinstance(raw, dict):
                continue
            fingerprints = []
            for raw_finding in raw.get("findings") or []:
                if isinstance(raw_finding, dict):
                    finding = finding_from_json(raw_finding)
                    findings.setdefault(finding.fingerprint, finding)
                    fingerprints.append(finding.fingerprint)
            start = raw.get("start")
            end = raw.get("end")
            items.append(RankedItem(
                kind=str(raw.get("kind", "")), path=str(raw.get("path", "") or ""),
                start=_int(start) if start is not None else None, end=_int(end) if end is not None else None,
                score=float(raw.get("score") or 0.0), reasons=[str(r) for r in raw.get("reasons") or []],
                sha=str(raw.get("sha", "") or ""), fingerprints=fingerprints,
            ))  # fmt: skip
    if sarif_path is not None:
        for finding in findings_from_sarif(json.loads(Path(sarif_path).read_text(encoding="utf-8"))):
            findings.setdefault(finding.fingerprint, finding)
    return ReviewInput(sorted(findings.values(), key=NewFinding.rank), items, head_sha)
