"""Rule metadata, severities and the base classes that rule files subclass.

A rule is one class in one file under rules/<category>/. It carries its own
metadata, documentation (the class docstring) and examples (VALID / INVALID /
KNOWN) that the test suite runs through the real engine.
"""
from __future__ import annotations

import enum
import re
import inspect
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Iterable

if TYPE_CHECKING:
    from codeaudit.context import FileContext


class _Ordered(enum.Enum):
    """An enum whose members compare by declaration order (LOW < HIGH)."""

    def __lt__(self, other: Any) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        members = list(type(self))
        return members.index(self) < members.index(other)

    def __le__(self, other: Any) -> bool:
        return self == other or self < other

    @classmethod
    def parse(cls, text: str):
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(m.name.lower() for m in cls)
            raise ValueError(f"unknown {cls.__name__.lower()} {text!r} (expected one of: {names})") from None


class Severity(_Ordered):
    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class Confidence(_Ordered):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Category(enum.Enum):
    SECURITY = "security"
    CONCURRENCY = "concurrency"
    EFFICIENCY = "efficiency"
    ABSTRACTION = "abstraction"
    CORRECTNESS = "correctness"
    AI_TELL = "ai-tell"

    @property
    def prefix(self) -> str:
        return _PREFIXES[self]

    @classmethod
    def parse(cls, text: str) -> "Category":
        for member in cls:
            if text.lower() in (member.value, member.name.lower()):
                return member
        raise ValueError(f"unknown category {text!r}")


_PREFIXES = {
    Category.SECURITY: "SEC",
    Category.CONCURRENCY: "CON",
    Category.EFFICIENCY: "EFF",
    Category.ABSTRACTION: "ABS",
    Category.CORRECTNESS: "COR",
    Category.AI_TELL: "AIT",
}


@dataclass(frozen=True)
class Known:
    """A documented gap: code where the rule is wrong today.

    ``kind`` is "false-positive" (the code is fine but the rule fires) or
    "false-negative" (a defect the rule misses). The source is marked like an
    INVALID example with the lines that *should* be reported; the suite runs it
    as a strict xfail so that fixing the gap forces updating the example.
    """

    source: str
    reason: str
    kind: str = "false-negative"


DOC_SECTIONS = ("What it does", "Why is this bad", "Example", "Use instead")
_CODE_RE = re.compile(r"^(SEC|CON|EFF|ABS|COR|AIT)\d{3}$")
_SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class Rule:
    """Common metadata for every rule. Subclass PythonRule or TreeSitterRule."""

    code: ClassVar[str]
    slug: ClassVar[str]
    category: ClassVar[Category]
    severity: ClassVar[Severity]
    confidence: ClassVar[Confidence]
    cwe: ClassVar[tuple[int, ...]] = ()
    since: ClassVar[str] = "0.1.0"
    #: Options a user can set under [tool.codeaudit.rule-options.<CODE>].
    options: ClassVar[dict[str, Any]] = {}
    #: Languages the rule applies to ("python", "javascript", "typescript", "tsx").
    languages: ClassVar[frozenset[str]] = frozenset({"python"})
    VALID: ClassVar[list[str]] = []
    INVALID: ClassVar[list[str]] = []
    KNOWN: ClassVar[list[Known]] = []
    #: Set by the registry: where the rule was loaded from.
    origin: ClassVar[str] = ""
    #: Optional: bytes that must occur in the file for the rule to be worth running.
    #: A cheap pre-filter (e.g. (b"subprocess", b"os.system")); empty = always run.
    triggers: ClassVar[tuple[bytes, ...]] = ()

    @classmethod
    def wanted(cls, data: bytes) -> bool:
        """Whether the file can possibly give this rule a finding (default: one of its triggers occurs)."""
        return not cls.triggers or any(t in data for t in cls.triggers)

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        return cls.doc().splitlines()[0].strip() if cls.doc() else cls.slug

    @classmethod
    def doc_section(cls, name: str) -> str:
        """The text under a "## name" heading of the docstring."""
        match = re.search(rf"^##\s*{re.escape(name)}\s*\n(.*?)(?=^##\s|\Z)", cls.doc(), re.M | re.S)
        return match.group(1).strip() if match else ""

    @classmethod
    def metadata_problems(cls) -> list[str]:
        """Contract violations in this rule's metadata (empty when valid)."""
        problems = []
        if not _CODE_RE.match(getattr(cls, "code", "")):
            problems.append(f"bad code {getattr(cls, 'code', None)!r}")
        elif cls.code[:3] != cls.category.prefix:
            problems.append(f"code {cls.code} does not match category {cls.category.value}")
        if not _SLUG_RE.match(getattr(cls, "slug", "")):
            problems.append(f"bad slug {getattr(cls, 'slug', None)!r}")
        for section in DOC_SECTIONS:
            if not cls.doc_section(section):
                problems.append(f"docstring lacks a '## {section}' section")
        if not cls.INVALID:
            problems.append("no INVALID example")
        if not cls.VALID:
            problems.append("no VALID example")
        if cls.category is Category.SECURITY and not cls.cwe:
            problems.append("security rule without CWE")
        return problems


class _Reporting:
    """Shared reporting helper of rule instances."""

    ctx: "FileContext"

    def option(self, name: str) -> Any:
        return self.ctx.rule_options(self).get(name, type(self).options[name])


class PythonRule(Rule, _Reporting):
    """A rule over the libcst tree of a Python file.

    Define ``visit_<NodeType>(self, node)`` and/or ``leave_<NodeType>(self, node)``
    methods; the engine calls them during one shared traversal per file. Read the
    traversal context from ``self.ctx`` (enclosing function, loops, with-blocks,
    imports) and report with ``self.report(node, message)``. A method returning
    nothing is the norm; the engine never skips children for a rule.

    ``FALLBACK`` may hold a TreeSitterRule-like query (see TreeSitterRule) that runs
    instead on Python files libcst cannot parse.
    """

    #: Optional tree-sitter form, run only on Python files that libcst rejects.
    fallback_query: ClassVar[str] = ""
    fallback_message: ClassVar[str] = ""

    def __init__(self, ctx: "FileContext") -> None:
        self.ctx = ctx

    def report(self, node: Any, message: str, **overrides: Any) -> None:
        """Report a finding at a libcst node. Overrides: severity, confidence, fix."""
        self.ctx.report(self, node, message, **overrides)

    def end_of_file(self) -> None:
        """Called once after the traversal; for rules that decide at the end."""

    def fallback_check(self, captures: dict[str, list[Any]]) -> None:
        nodes = captures.get("report") or next(iter(captures.values()))
        self.report(nodes[0], self.fallback_message)


class TreeSitterRule(Rule, _Reporting):
    """A rule expressed as a tree-sitter query plus an optional check.

    ``query`` is an S-expression query for each language in ``languages``
    (a dict language -> query text, or one text for all). Every match calls
    ``check(captures)`` with a dict capture-name -> list of nodes; it reports with
    ``self.report(node, message)``. Without a check, each match reports the
    capture named ``report`` (or the first capture) with ``message``.
    """

    query: ClassVar[str | dict[str, str]] = ""
    message: ClassVar[str] = ""

    def __init__(self, ctx: "FileContext") -> None:
        self.ctx = ctx

    @classmethod
    def query_for(cls, language: str) -> str:
        if isinstance(cls.query, dict):
            return cls.query.get(language, "")
        return cls.query

    def check(self, captures: dict[str, list[Any]]) -> None:
        nodes = captures.get("report") or next(iter(captures.values()))
        self.report(nodes[0], self.message)

    def report(self, node: Any, message: str, **overrides: Any) -> None:
        self.ctx.report(self, node, message, **overrides)

    def end_of_file(self) -> None:
        """Called once after all matches of the file."""


def iter_rule_classes(namespace: dict[str, Any]) -> Iterable[type[Rule]]:
    """Concrete rule classes defined in a rule module's namespace."""
    for value in namespace.values():
        if (
            isinstance(value, type)
            and issubclass(value, Rule)
            and value not in (Rule, PythonRule, TreeSitterRule)
            and "code" in value.__dict__
        ):
            yield value
