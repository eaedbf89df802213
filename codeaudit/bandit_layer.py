"""bandit's checks as part of a codeaudit scan.

The rule SEC900 (rules/security/bandit_checks.py) calls :func:`run` on each
Python file's text. Only the bandit tests that no codeaudit rule covers run
(bandit's own test-set filter, so the excluded tests cost nothing); results come
back as :class:`BanditIssue` with bandit's id, severity, confidence and CWE.

``SUPERSEDED`` maps a bandit test id to the codeaudit rule that reports the
same defect (so nothing is reported twice); ``NOISE`` lists bandit tests left
out because they flag normal code (every ``import subprocess``, every
``assert``) rather than a defect. Switch the layer off with ``bandit = false``
under ``[tool.codeaudit]`` or ``codeaudit scan --no-bandit``.
"""
from __future__ import annotations

import io
import logging
import re
import tokenize
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

#: bandit test id -> codeaudit rule that covers the same defect.
SUPERSEDED: dict[str, str] = {
    "B102": "SEC001", "B307": "SEC001",  # exec / eval
    "B103": "SEC028",  # chmod
    "B105": "SEC018", "B106": "SEC018", "B107": "SEC018",  # hard-coded passwords
    "B113": "SEC022",  # requests without timeout
    "B201": "SEC023",  # flask debug
    "B202": "SEC008", # tarfile members
    "B301": "SEC005", "B302": "SEC005", "B403": "SEC005", "B614": "SEC005",  # pickle, marshal, torch.load
    "B303": "SEC016", "B324": "SEC016",  # md5/sha1
    "B305": "SEC017",  # cipher modes (ECB)
    "B306": "SEC029", "B325": "SEC029",  # mktemp / tempnam
    "B308": "SEC014", "B703": "SEC014", "B704": "SEC014",  # mark_safe / Markup
    "B310": "SEC010",  # urlopen
    "B311": "SEC015",  # random
    "B313": "SEC007", "B314": "SEC007", "B315": "SEC007", "B316": "SEC007", "B317": "SEC007",
    "B318": "SEC007", "B319": "SEC007", "B320": "SEC007", "B405": "SEC007", "B406": "SEC007",
    "B407": "SEC007", "B408": "SEC007", "B409": "SEC007", "B410": "SEC007", "B411": "SEC007",  # XML
    "B323": "SEC021", "B501": "SEC021",  # unverified TLS
    "B404": "SEC003", "B602": "SEC003", "B605": "SEC003",  # shell
    "B506": "SEC006",  # yaml.load
    "B608": "SEC002", "B611": "SEC002",  # SQL
    "B701": "SEC013",  # jinja2 autoescape
    "B101": "SEC027",  # assert (only authorisation asserts are defects)
}  # fmt: skip
#: bandit tests left out because they report ordinary code, not defects.
NOISE: dict[str, str] = {
    "B104": "binding 0.0.0.0 is how containers serve; debug servers on it are SEC023",
    "B108": "any '/tmp' string literal",
    "B110": "try/except/pass is not a security defect (see the abstraction rules)",
    "B112": "try/except/continue is not a security defect",
    "B401": "importing telnetlib (its use is B312)",
    "B402": "importing ftplib (its use is B321)",
    "B504": "ssl without an explicit version: the default negotiates TLS 1.2+ on supported Pythons",
    "B601": "every paramiko exec_command, literal commands included",
    "B603": "every list-form subprocess call",
    "B610": "every QuerySet.extra() call, literal SQL included",
    "B606": "every os.exec*/spawn call without a shell",
    "B607": "any command without an absolute path",
}  # fmt: skip
CODE = "SEC900"

_SEVERITY = {"LOW": "low", "MEDIUM": "medium", "HIGH": "high", "UNDEFINED": "low"}
_CONFIDENCE = {"LOW": "low", "MEDIUM": "medium", "HIGH": "high", "UNDEFINED": "low"}
_NOSEC = re.compile(r"#\s*nosec\b(?::?\s*([\w, ]+))?", re.I)


@dataclass(frozen=True)
class BanditIssue:
    test_id: str
    test_name: str
    severity: str  # codeaudit severity value
    confidence: str
    cwe: int
    line: int
    col: int  # 1-based
    end_line: int
    end_col: int
    text: str


def available() -> bool:
    try:
        import bandit  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def _test_set() -> Any:
    """bandit's test set minus the superseded and noisy tests (built once per process)."""
    logging.getLogger("bandit").setLevel(logging.CRITICAL)
    from bandit.core import config as b_config
    from bandit.core import test_set as b_test_set

    excluded = sorted(set(SUPERSEDED) | set(NOISE))
    return b_test_set.BanditTestSet(b_config.BanditConfig(), profile={"exclude": excluded})


def run(path: str, text: str) -> list[BanditIssue]:
    """bandit's remaining checks on one file's text (never raises for bad input)."""
    if not available():
        return []
    from bandit.core import meta_ast, metrics, node_visitor

    data = text.encode("utf-8")
    nosec = _nosec_lines(text)
    try:
        visitor = node_visitor.BanditNodeVisitor(
            path, io.BytesIO(data), meta_ast.BanditMetaAst(), _test_set(), False, nosec, metrics.Metrics()
        )
        visitor.process(data)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    except Exception:  # noqa: BLE001 - a bandit plugin bug must not end the scan
        return []
    issues = []
    for result in visitor.tester.results:
        lines = result.linerange or [result.lineno]
        cwe = getattr(getattr(result, "cwe", None), "id", 0) or 0
        issues.append(
            BanditIssue(
                test_id=result.test_id,
                test_name=result.test,
                severity=_SEVERITY.get(str(result.severity), "low"),
                confidence=_CONFIDENCE.get(str(result.confidence), "low"),
                cwe=int(cwe),
                line=int(result.lineno),
                col=int(result.col_offset or 0) + 1,
                end_line=int(max(lines)),
                end_col=int(getattr(result, "end_col_offset", 0) or 0) + 1,
                text=result.text,
            )
        )
    return issues


def _nosec_lines(text: str) -> dict[int, set[str]]:
    """bandit's ``# nosec`` comments: line -> test ids (empty set = all)."""
    if "nosec" not in text:
        return {}
    found: dict[int, set[str]] = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT:
                match = _NOSEC.search(tok.string)
                if match:
                    ids = {p.strip().upper() for p in (match.group(1) or "").replace(",", " ").split() if p.strip()}
                    found[tok.start[0]] = {i for i in ids if re.fullmatch(r"B\d{3}", i)}
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    return found


_MESSAGE_CWE = re.compile(r"^bandit (B\d{3}) \[[\w-]+\](?: CWE-(\d+))?:")


def refine(findings: list[Any]) -> None:
    """Give SEC900 findings bandit's own CWE and test id (the rule reports them in the message)."""
    for finding in findings:
        if finding.code != CODE:
            continue
        match = _MESSAGE_CWE.match(finding.message)
        if match:
            finding.extra["bandit_test_id"] = match.group(1)
            if match.group(2):
                finding.cwe = (int(match.group(2)),)
