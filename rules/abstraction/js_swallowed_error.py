from codeaudit.js import enclosing_function, string_value, strip_parens, text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

_LOGGERS = {"console.log", "console.error", "console.warn", "console.info", "console.debug"}


class JsSwallowedError(JsRule):
    """`catch (e) { console.log(e) }`: the error is printed and forgotten.

    ## What it does
    Reports `catch` blocks (inside functions) whose only statements are
    `console.*` calls, and `Promise.allSettled` result branches that only
    `console.log` a rejection's `reason`.

    ## Why is this bad
    The caller believes the operation succeeded: the request answers 201, the job
    counts as done, while the event was never published. A console line is not
    error handling; it is easy to miss and carries no context.

    ## Example
    ```javascript
    try {
      await publish("order.created", order);
    } catch (err) {
      console.log(err);
    }
    ```

    ## Use instead
    Rethrow, return an error to the caller, retry, or record the failure where
    someone will act on it (an outbox table, a metric, an error tracker).
    """

    code = "ABS102"
    slug = "js-swallowed-error"
    category = Category.ABSTRACTION
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    query = """
    (catch_clause body: (statement_block) @body) @catch
    (if_statement condition: (parenthesized_expression) @cond) @branch
    """

    VALID = [
        "async function f() {\n  try { await g(); } catch (err) {\n    console.error('g failed', err);\n    throw err;\n  }\n}\n",
        "main().catch((err) => { console.error(err); process.exitCode = 1; });\n"
        "try { run(); } catch (err) { console.error(err); }\n",
        "function f(r) {\n  if (r.status === 'fulfilled') use(r.value);\n  else errors.push(r.reason);\n}\n",
    ]
    INVALID = [
        "async function f(order) {\n  try {\n    await publish(order);\n  } catch (err) {\n"
        "    console.log(err);  // expect: ABS102\n  }\n}\n",
        "async function run(results) {\n  for (const r of results) {\n    if (r.status === 'fulfilled') {\n      n++;\n"
        "    } else {\n      console.log(r.reason);  // expect: ABS102\n    }\n  }\n}\n",
    ]

    def check(self, captures):
        if "catch" in captures:
            body = captures["body"][0]
            if enclosing_function(captures["catch"][0]) is None:
                return
            self._only_logs(body, None)
            return
        branch, cond = captures["branch"][0], captures["cond"][0]
        strings = {string_value(n) for n in cond.named_children[0].named_children} if cond.named_children else set()
        if ".status" not in text(cond) or not strings & {"fulfilled", "rejected"}:
            return
        alternative = branch.child_by_field_name("alternative")
        target = None
        if "fulfilled" in strings and "===" in text(cond) and alternative is not None:
            target = next((c for c in alternative.named_children if c.type != "comment"), None)
        elif "rejected" in strings and "===" in text(cond):
            target = branch.child_by_field_name("consequence")
        if target is not None:
            self._only_logs(target, "reason")

    def _only_logs(self, block, needle):
        statements = [s for s in block.named_children if s.type != "comment"] if block.type == "statement_block" else [block]
        if not statements:
            return
        calls = []
        for statement in statements:
            expr = strip_parens(statement.named_children[0]) if statement.type == "expression_statement" and statement.named_children else None
            if expr is None or expr.type != "call_expression" or self.js.call_name(expr) not in _LOGGERS:
                return
            calls.append(expr)
        if needle is not None and not any(needle in text(c) for c in calls):
            return
        self.report(calls[0], "the error is only printed and then ignored: the caller carries on as if it worked; "
                              "rethrow, return a failure, or record it where someone acts on it")
