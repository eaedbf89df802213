import re

from codeaudit.js import FUNCTION_TYPES, identifiers_in, network_call, strip_parens, text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

_HTTP_METHODS = frozenset({"request", "get", "post", "put", "patch", "delete", "head", "send"})
_SLEEP = re.compile(r"(^|\.)(sleep|delay|wait|backoff|setTimeout|setTimeoutPromise|pause|timeout)$", re.I)


class JsHandRolledRetry(JsRule):
    """A retry loop written by hand: counter loop + `try` + sleep, retrying every error.

    ## What it does
    Reports a `for`/`while` loop whose body has a `try` that sends a request
    (`fetch`, axios, `client.get/post/request/send(...)`) and returns or breaks
    on success and whose `catch` waits (`await sleep(...)`, `delay`,
    `new Promise(r => setTimeout(r, ms))`) before the next attempt, when the
    catch retries every error without looking at it (no check of the error
    before retrying).

    ## Why is this bad
    A hand-written retry retries everything: a 400 "invalid carrier" or a 401 is
    sent four more times with growing waits before the caller learns of it, and
    non-idempotent POSTs may be executed twice. Jitter, a total deadline and
    which errors are transient are decided again, ad hoc, in each client.

    ## Example
    ```javascript
    for (let attempt = 0; attempt < 4; attempt++) {
      try {
        return (await http.request(cfg)).data;
      } catch (err) {
        lastError = err;
        await sleep(500 * 2 ** attempt);
      }
    }
    throw lastError;
    ```

    ## Use instead
    A retry helper with an explicit policy (`p-retry`, `axios-retry`,
    `async-retry`): retry only network errors, 429 and 5xx, idempotent methods,
    with jitter and a limit.
    """

    code = "ABS103"
    slug = "js-hand-rolled-retry"
    category = Category.ABSTRACTION
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    query = "[(for_statement) (while_statement) (do_statement)] @loop"

    VALID = [
        # the catch decides which errors are transient
        "async function get(url) {\n  for (let i = 0; i < 3; i++) {\n    try {\n      return await fetch(url);\n"
        "    } catch (err) {\n      if (!isTransient(err)) throw err;\n      await sleep(2 ** i * 100);\n    }\n  }\n}\n",
        # retrying a whole local job (not one request) is a scheduling decision
        "async function syncWithRetry() {\n  for (let i = 1; i <= 3; i++) {\n    try {\n      return await syncAll();\n"
        "    } catch (err) {\n      await sleep(1000 * 2 ** i);\n    }\n  }\n}\nasync function syncAll() { return 1; }\n",
        # a polling loop without try, and a loop that waits between items
        "async function poll(job) {\n  while (true) {\n    const s = await status(job);\n    if (s.done) return s;\n"
        "    await sleep(1000);\n  }\n}\n"
        "async function each(items) {\n  for (let i = 0; i < items.length; i++) {\n"
        "    try { await send(items[i]); } catch (e) { log(e); }\n    await delay(100);\n  }\n}\n",
    ]
    INVALID = [
        ("typescript", "async function request<T>(cfg: object): Promise<T> {\n  let last: unknown;\n"
                       "  for (let attempt = 0; attempt < 4; attempt++) {  // expect: ABS103\n    try {\n"
                       "      return (await http.request<T>(cfg)).data;\n    } catch (err) {\n      last = err;\n"
                       "      await sleep(500 * 2 ** attempt);\n    }\n  }\n  throw last;\n}\n"),
        "async function publish(payload) {\n  let tries = 0;\n  while (tries < 5) {  // expect: ABS103\n    try {\n"
        "      await api.post('/events', payload);\n      break;\n    } catch (e) {\n      tries++;\n"
        "      await new Promise((r) => setTimeout(r, 1000));\n    }\n  }\n}\n",
    ]

    def check(self, captures):
        loop = captures["loop"][0]
        body = loop.child_by_field_name("body")
        if body is None:
            return
        for node in body.named_children if body.type == "statement_block" else [body]:
            if node.type != "try_statement":
                continue
            block, handler = node.child_by_field_name("body"), node.child_by_field_name("handler")
            if block is None or handler is None or not self._exits(block) or not self._requests(block):
                continue
            catch_body = handler.child_by_field_name("body")
            if catch_body is None or not self._sleeps(catch_body) or self._inspects(handler, catch_body):
                continue
            self.report(loop, "hand-rolled retry that retries every error (including ones that will never "
                              "succeed) with an ad-hoc wait; use a retry helper (p-retry, axios-retry) with an "
                              "explicit policy: transient errors only, jitter, a limit")
            return

    @staticmethod
    def _nodes(node):
        stack = [node]
        while stack:
            current = stack.pop()
            yield current
            stack.extend(c for c in current.children if c.type not in FUNCTION_TYPES)

    def _requests(self, block):
        """The try block sends one request itself (fetch/axios/http, or `client.get/post/request(...)`)."""
        for node in self._nodes(block):
            if node.type != "call_expression":
                continue
            fn = strip_parens(node.child_by_field_name("function"))
            if fn is not None and fn.type == "await_expression" and fn.named_children:
                fn = strip_parens(fn.named_children[0])  # TS parses `await f<T>(x)` as a call of `await f`
            if fn is None:
                continue
            if fn.type == "identifier" and text(fn) in self.js.functions:
                continue  # a whole local job: retrying it is a scheduling decision, not an HTTP policy
            if network_call(self.js, node) is not None:
                return True
            if fn.type == "member_expression" and text(fn.child_by_field_name("property")) in _HTTP_METHODS:
                return True
        return False

    def _exits(self, block):
        return any(n.type in ("return_statement", "break_statement") for n in self._nodes(block))

    def _sleeps(self, block):
        for node in self._nodes(block):
            if node.type != "await_expression" or not node.named_children:
                continue
            inner = node.named_children[0]
            if inner.type == "call_expression" and _SLEEP.search(text(inner.child_by_field_name("function"))):
                return True
            if inner.type == "new_expression" and text(inner.child_by_field_name("constructor")) == "Promise" \
                    and "setTimeout" in text(inner):
                return True
        return False

    def _inspects(self, handler, catch_body):
        param = handler.child_by_field_name("parameter")
        names = identifiers_in(param) if param is not None else set()
        for node in self._nodes(catch_body):
            if node.type in ("if_statement", "ternary_expression", "switch_statement"):
                condition = node.child_by_field_name("condition") or node.child_by_field_name("value")
                if condition is not None and names & identifiers_in(condition):
                    return True  # `if (!isTransient(err)) throw err`: a deliberate policy
        return False
