from codeaudit.js import enclosing_function, identifiers_in, string_value, strip_parens, text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

_LOGGERS = {"console.log", "console.error", "console.warn", "console.info", "console.debug"}


class JsSwallowedError(JsRule):
    """`catch (e) { console.log(e) }`: the error is printed and forgotten.

    ## What it does
    Reports `catch` blocks (inside functions) whose only statements are
    `console.*` calls, catch blocks around awaited I/O whose only statement is
    `return []` / `return {}` (or, with a named but unused error, `return undefined` /
    `return null`) without looking at the error, and `Promise.allSettled` result branches that only
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
        # parse fallbacks without I/O, fallbacks that look at the error, non-empty defaults
        "function tryParse(s) {\n  try { return JSON.parse(s); } catch { return {}; }\n}\n"
        "async function tags(id) {\n  try { return await api.tags(id); } catch (err) {\n"
        "    if (err.status === 404) return [];\n    throw err;\n  }\n}\n"
        "async function conf() {\n  try { return await readConf(); } catch { return { ...DEFAULTS }; }\n}\n"
        "async function statOrNull(p) {\n  try { return await fs.promises.stat(p); } catch { return null; }\n}\n",
    ]
    INVALID = [
        "async function orders(http, id) {\n  try {\n    const { data } = await http.get(`/orders/${id}`);\n"
        "    return data.items;\n  } catch (error) {\n    return [];  // expect: ABS102\n  }\n}\n",
        ("typescript", "async function getOrLoad(key: string) {\n  try {\n    const v = await loader(key);\n"
                       "    cache.set(key, v);\n    return v;\n  } catch (e) {\n    return undefined;  // expect: ABS102\n"
                       "  }\n}\n"),
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
            self._empty_fallback(captures["catch"][0], body)
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

    def _empty_fallback(self, catch, body):
        """`catch (err) { return []; }` around awaited I/O: failure turns into "no results"."""
        statements = [s for s in body.named_children if s.type != "comment"]
        if len(statements) != 1 or statements[0].type != "return_statement":
            return
        value = strip_parens(statements[0].named_children[0]) if statements[0].named_children else None
        param = catch.child_by_field_name("parameter")
        if value is not None and value.type in ("undefined", "null") or (
                value is not None and value.type == "identifier" and text(value) == "undefined"):
            # `catch (err) { return undefined; }`: the error was named, then ignored (the optional
            # `catch { return null; }` binding is the deliberate "absent" idiom and stays allowed)
            if param is None:
                return
        elif value is None or value.type not in ("array", "object") or value.named_children:
            return
        if param is not None and identifiers_in(param) & identifiers_in(body):
            return
        block = catch.parent.child_by_field_name("body") if catch.parent is not None else None
        if block is None or "await " not in text(block):
            return
        self.report(statements[0], "the failure is turned into an empty result: callers cannot tell 'none' from "
                                   "'the request failed'; let it propagate or return an explicit error")

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
