"""SARIF 2.1.0 for GitHub code scanning (validated against the OASIS schema in tests)."""
from __future__ import annotations

import json
from typing import Any

import codeaudit
from codeaudit.rule import Category, Confidence, Rule, Severity

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
DOCS_URL = "https://github.com/codeaudit-dev/codeaudit/blob/main/docs/rules.md"

_LEVEL = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "note", Severity.INFO: "note"}
# GitHub buckets security-severity: >= 9 critical, >= 7 high, >= 4 medium, else low.
_SECURITY_SEVERITY = {Severity.CRITICAL: "9.5", Severity.HIGH: "8.0", Severity.MEDIUM: "5.5", Severity.LOW: "3.0", Severity.INFO: "1.0"}
_PRECISION = {Confidence.HIGH: "high", Confidence.MEDIUM: "medium", Confidence.LOW: "low"}


def rule_descriptor(rule: type[Rule]) -> dict[str, Any]:
    # The category is a tag; for security rules it is the "security" tag GitHub looks for.
    tags = [rule.category.value, *(f"external/cwe/cwe-{n}" for n in rule.cwe)]
    properties: dict[str, Any] = {"tags": tags, "precision": _PRECISION[rule.confidence]}
    if rule.category is Category.SECURITY:
        properties["security-severity"] = _SECURITY_SEVERITY[rule.severity]
    doc = rule.doc()
    return {
        "id": rule.code,
        "name": rule.slug,
        "shortDescription": {"text": rule.summary()},
        "fullDescription": {"text": rule.doc_section("What it does") or rule.summary()},
        "help": {"text": doc, "markdown": doc},
        "helpUri": f"{DOCS_URL}#{rule.code.lower()}-{rule.slug}",
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": properties,
    }


def render(result: Any, **_: Any) -> str:
    findings = result.findings
    reported = {f.code for f in findings}
    rules = sorted({r.code: r for r in result.rules}.values(), key=lambda r: r.code)
    # Findings from rules outside the selection (e.g. per-path overrides) still need a descriptor.
    extra = reported - {r.code for r in rules}
    if extra:
        from codeaudit.registry import load_registry

        registry = load_registry()
        rules += [registry.rules[c] for c in sorted(extra) if c in registry.rules]
    index = {rule.code: i for i, rule in enumerate(rules)}
    results = []
    for f in findings:
        entry: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.path, "uriBaseId": "%SRCROOT%"},
                        "region": {
                            "startLine": f.span.start_line,
                            "startColumn": f.span.start_col,
                            "endLine": f.span.end_line,
                            "endColumn": max(f.span.end_col, 1),
                            "snippet": {"text": f.snippet},
                        },
                    }
                }
            ],
            "partialFingerprints": {"codeaudit/v1": f.fingerprint},
            "properties": {"severity": f.severity.value, "confidence": f.confidence.value, "category": f.category.value},
        }
        results.append(entry)
    notifications = [
        {"level": "warning", "message": {"text": d.message}, "descriptor": {"id": d.kind}}
        for d in result.all_diagnostics
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "codeaudit",
                "version": codeaudit.__version__,
                "semanticVersion": codeaudit.__version__,
                "informationUri": DOCS_URL.rsplit("/blob/", 1)[0],
                "rules": [rule_descriptor(r) for r in rules],
            }
        },
        "originalUriBaseIds": {"%SRCROOT%": {"uri": result.root.as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
    }
    return json.dumps({"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}, indent=2) + "\n"
