import re

from codeaudit.finding import Span
from codeaudit.js import text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

#: Phrases admitting a shortcut or a placeholder. AIT001 (placeholder-comment) is Python-only, so this
#: rule also carries its "in a real implementation ..." / "TODO: implement" wording for JS/TS.
_SHORTCUT = re.compile(
    r"\b(in a real (implementation|application|app|system|world)|in production,? (you|we) (would|should)|"
    r"this is a (simplified|placeholder|mock|stub)|(simplified|placeholder) (implementation|version|logic)|"
    r"replace (this|with) (your|a real|actual)|todo:? implement|implement (this|me)\b|"
    r"simplified for now|for now[:,]? (every|all|any|always|just|we (just|simply)|assume)|"
    r"hard-?coded for now|(mock|fake|dummy) (data|response|result)s? for now|"
    r"not (yet )?implemented( yet)?|skip(ping)? (validation|verification) for now|"
    r"(always|just) returns? (true|success) for now)\b", re.I)


_LITERALS = {"number", "string", "true", "false", "null", "undefined", "array", "object", "template_string"}


class JsPlaceholderNote(JsRule):
    """A comment admitting a shortcut "for now" (validation simplified, data hard-coded, not implemented).

    ## What it does
    Reports JS/TS comments such as "validation simplified for now: every code
    gives 10% off", "hard-coded for now", "mock data for now" or "not implemented
    yet", "in a real implementation you would ..." or "TODO: implement" (the
    JS/TS counterpart of the Python-only placeholder-comment rule AIT001).

    ## Why is this bad
    The comment documents that the code next to it does not do its job (every
    coupon accepted, fake data shipped). Such notes are left behind by generated
    code and are easy to miss in review.

    ## Example
    ```typescript
    // Coupon validation simplified for now: every code gives 10% off.
    return Math.round(subtotal * 0.9);
    ```

    ## Use instead
    Implement the behaviour, or reject what is not supported yet and track the
    gap in the issue tracker.
    """

    code = "AIT104"
    slug = "js-placeholder-note"
    category = Category.AI_TELL
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    query = "(comment) @comment"

    VALID = [
        "// Retries are capped for now at 3 attempts (see ADR-12).\nretry(3);\n",
        "const msg = 'not implemented yet';\n",
    ]
    INVALID = [
        ("typescript", "export function isAdmin(u: User): boolean {\n"
                       "  // in a real system we would look the role up in the directory  // expect: AIT104\n"
                       "  return u.name.startsWith('admin');\n}\n"),
        "function apply(code, total) {\n  // Coupon validation simplified for now: every code gives 10% off.  // expect: AIT104\n"
        "  return total * 0.9;\n}\n",
        ("typescript", "/* prices are hard-coded for now */  // expect: AIT104\nconst PRICE = 100;\n"),
        ("typescript", "export async function churnRate(from: Date, to: Date): Promise<number> {\n"
                       "  // Simplified for now: use the figure from the last quarterly review.  // expect: AIT104\n"
                       "  return 0.042;\n}\n"),
    ]

    def check(self, captures):
        node = captures["comment"][0]
        match = _SHORTCUT.search(text(node))
        if match:
            self.report(self._with_placeholder_return(node), f"comment admits a shortcut ({match.group(0)!r}): the code here does not do the real "
                              "work yet")

    @staticmethod
    def _with_placeholder_return(comment):
        """The comment plus the `return 0.042;` right below it: the line to change is the hard-coded result."""
        nxt = comment.next_named_sibling
        if nxt is None or nxt.type != "return_statement" or nxt.start_point[0] != comment.end_point[0] + 1:
            return comment
        value = next((c for c in nxt.named_children if c.type != "comment"), None)
        if value is None or value.type not in _LITERALS:
            return comment
        (srow, scol), (erow, ecol) = comment.start_point, nxt.end_point
        return Span(srow + 1, scol + 1, erow + 1, ecol + 1)
