import re

from codeaudit.js import function_name, identifiers_in, strip_parens, text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

_CHECK_NAME = re.compile(r"^(check|verify|validate|detect|authori[sz]e|authenticate|is\w*(valid|allowed|authori[sz]ed|"
                         r"fraud|spam|safe|blocked|permitted)|has\w*(permission|access)|can\w+)", re.I)
_PLACEHOLDER_NOTE = re.compile(r"\b(todo|fixme|implement|placeholder|stub|in a real|for now|simplified|mock)\b", re.I)


class JsPlaceholderImpl(JsRule):
    """A function that only pretends: a constant answer where logic should be.

    ## What it does
    Reports (1) check-like functions (`checkFraud`, `verifySignature`,
    `validateInput`, `isAllowed`, `canEdit`) whose body is a single
    `return true`/`return false` ignoring all parameters, and (2) functions
    whose body is a TODO/placeholder comment plus at most two statements that only
    return or send constant values (`res.json({ ok: true })`).

    ## Why is this bad
    The function's name promises work it does not do. Callers and reviewers
    trust it: fraud checks that never reject, refunds that report success
    without refunding.

    ## Example
    ```typescript
    function checkFraud(input: Order): boolean {
      return false;
    }
    ```

    ## Use instead
    Implement it, or make the gap loud: `throw new Error("not implemented")`
    (HTTP 501 in a handler).
    """

    code = "AIT101"
    slug = "js-placeholder-impl"
    category = Category.AI_TELL
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    query = "[(function_declaration) (method_definition) (arrow_function) (function_expression)] @fn"

    VALID = [
        "function isEven(n) { return n % 2 === 0; }\nfunction checkAll() { return true; }\n",
        "function health(req, res) {\n  res.json({ ok: true });\n}\n",
        "function checkFraud(order) {\n  return order.total > LIMIT;\n}\n",
    ]
    INVALID = [
        "function checkFraud(input) {\n  return false;  // expect: AIT101\n}\n",
        ("typescript", "export async function refundOrder(req: Request, res: Response) {\n"
                       "  // TODO: implement refunds via the payment provider\n"
                       "  res.json({ ok: true, refunded: true });  // expect: AIT101\n}\n"),
    ]

    def check(self, captures):
        fn = captures["fn"][0]
        body = fn.child_by_field_name("body")
        params = fn.child_by_field_name("parameters") or fn.child_by_field_name("parameter")
        if body is None or body.type != "statement_block" or params is None:
            return
        param_names = identifiers_in(params) - {"req", "res", "next", "request", "response"}
        statements = [s for s in body.named_children if s.type != "comment"]
        close = next((c for c in body.children if c.type == "}"), None)
        notes = [c for c in body.named_children if c.type == "comment" and close is not None and c.start_byte < close.start_byte]
        name = function_name(fn)
        if (len(statements) == 1 and statements[0].type == "return_statement" and param_names
                and _CHECK_NAME.match(name or "")):
            value = statements[0].named_children
            if len(value) == 1 and text(value[0]) in ("true", "false"):
                used = identifiers_in(statements[0])
                if not used & param_names:
                    self.report(statements[0], f"{name}() always returns {text(value[0])} and ignores its input: "
                                               "the check is a placeholder")
                    return
        if notes and statements and len(statements) <= 2 and any(_PLACEHOLDER_NOTE.search(text(n)) for n in notes):
            if all(self._constant_statement(s) for s in statements) and not any(
                s.type == "throw_statement" for s in statements
            ):
                self.report(statements[0], f"{name or 'this function'} is a placeholder (see its TODO comment) but "
                                           "returns a constant success; implement it or fail loudly (501)")

    def _constant_statement(self, statement):
        if statement.type == "return_statement":
            return all(self.js.is_constant(c, c) for c in statement.named_children)
        if statement.type == "expression_statement" and statement.named_children:
            expr = strip_parens(statement.named_children[0])
            if expr.type == "call_expression":
                args = expr.child_by_field_name("arguments")
                return args is not None and args.named_children and all(
                    self.js.is_constant(a, a) for a in args.named_children)
        return False
