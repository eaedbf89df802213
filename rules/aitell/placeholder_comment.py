import re

from codeaudit.finding import Span
from codeaudit.rule import Category, Confidence, Severity, TreeSitterRule

_PLACEHOLDER = re.compile(
    r"\b(in a real (implementation|application|app|system|world)|"
    r"in production,? (you|we) (would|should)|"
    r"this is a (simplified|placeholder|mock|stub)|"
    r"(simplified|placeholder) (implementation|version|logic)|"
    r"replace (this|with) (your|a real|actual)|"
    r"todo:? implement|implement (this|me)\b)",
    re.I,
)
#: Shortcut admissions; Python only (JS/TS comments of this kind are AIT104's).
_SHORTCUT = re.compile(
    r"\b((simplified|stubbed|hard-?coded|faked?|mocked|skipped|disabled) for now|"
    r"for now,? (we |just |simply )?(allow|skip|trust|assume|ignore|accept|return|hard-?code|disable|bypass|pretend|fake)\w*|"
    r"(will|to) be (implemented|added) later|not (yet )?implemented yet)",
    re.I,
)


class PlaceholderComment(TreeSitterRule):
    """A comment admitting the code around it is a placeholder.

    ## What it does
    Reports comments such as "In a real implementation, you would ...",
    "simplified version", "TODO: implement" or "replace this with your ...".

    ## Why is this bad
    Assistants write these comments next to code that looks finished but skips
    the hard part (validation, persistence, verification). The comment is often
    the only visible trace that the function does not do what its name says.

    ## Example
    ```python
    def verify_token(token):
        # In a real implementation, you would check the signature here
        return True
    ```

    ## Use instead
    Implement the behaviour, or fail loudly until it exists:
    ```python
    def verify_token(token):
        raise NotImplementedError("token verification")
    ```
    """

    code = "AIT001"
    slug = "placeholder-comment"
    category = Category.AI_TELL
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    # Python only: JS/TS placeholder comments are reported by AIT104 (js-placeholder-note).
    languages = frozenset({"python"})
    query = "(comment) @comment"

    VALID = [
        "# Validate the signature before trusting the payload.\ndef f():\n    pass\n",
        "msg = 'in a real implementation'  # a string, not a comment\n",
        "# For now we only support UTF-8 input files.\nENCODING = 'utf-8'\n",
        # JS/TS comments belong to AIT104; AIT001 must not report them a second time.
        ("typescript", "function check(sig: string): boolean {\n  // In a real system you would compare the HMAC\n  return sig.length > 0;\n}\n"),
    ]
    INVALID = [
        "def verify(token):\n    # In a real implementation, check the signature  # expect: AIT001\n    return True\n",
        "def f(:\n    # TODO: implement retries  # expect: AIT001\n    pass\n",
        "def can_access(user, tenant):\n    # For now, allow cross-tenant access.  # expect: AIT001\n    return check(user)\n",
        "def calibrate(model):\n    # Calibration is simplified for now.  # expect: AIT001\n    return model\n",
    ]

    @classmethod
    def wanted(cls, data: bytes) -> bool:
        # Only files whose text contains one of the phrases are parsed with tree-sitter for their comments.
        text = data.decode("utf-8", "replace")
        return bool(_PLACEHOLDER.search(text) or _SHORTCUT.search(text))

    def check(self, captures) -> None:
        node = captures["comment"][0]
        text = node.text.decode("utf-8", "replace")
        match = _PLACEHOLDER.search(text)
        if match is None:
            match = _SHORTCUT.search(text)
        if match:
            self.report(self._with_statement(node), f"placeholder comment ({match.group(0)!r}): the code here may not do what it claims")

    def _with_statement(self, node):
        """The comment's span, extended over the first line of the statement right below an own-line comment.

        Such a comment describes that statement (`# simplified for now` above `return True`): the
        finding covers both, so one defect is not reported as two unrelated lines.
        """
        nxt = node.next_named_sibling
        row, col = node.start_point
        line = self.ctx.source.line(row + 1)
        if nxt is None or nxt.type == "comment" or nxt.start_point[0] != row + 1 or line[:col].strip():
            return node
        start_col = len(line.encode("utf-8")[:col].decode("utf-8", "replace")) + 1
        below = self.ctx.source.line(row + 2).rstrip()
        return Span(row + 1, start_col, row + 2, len(below) + 1)
