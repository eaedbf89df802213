from codeaudit.js import text, walk
from codeaudit.js.base import JsRule
from codeaudit.js.testing import expect_calls, test_callback
from codeaudit.rule import Category, Confidence, Severity


class JsAssertionInCatch(JsRule):
    """The only check of an expected error sits in a `catch` block that may never run.

    ## What it does
    In Jest/Vitest tests, reports `expect(...)` calls inside `catch (err) {...}`
    when the test has no `expect.assertions(n)` / `expect.hasAssertions()` and
    the `try` block does not fail after the call (`fail(...)`, `throw`, an
    `expect` after it).

    ## Why is this bad
    If the code under test stops throwing, the catch block is skipped, no
    assertion runs and the test still passes: the regression it was written to
    catch goes unnoticed.

    ## Example
    ```javascript
    try {
      auth.verifyToken(tampered);
    } catch (err) {
      expect(err.name).toBe('JsonWebTokenError');
    }
    ```

    ## Use instead
    ```javascript
    expect(() => auth.verifyToken(tampered)).toThrow(JsonWebTokenError);
    // async: await expect(load()).rejects.toThrow(...)
    ```
    """

    code = "AIT108"
    slug = "js-assertion-in-catch"
    category = Category.AI_TELL
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    triggers = (b"catch",)
    query = "(call_expression) @call"

    VALID = [
        "test('t', () => {\n  expect.assertions(1);\n  try { verify('x'); } catch (err) { expect(err.name).toBe('E'); }\n});\n",
        "test('t', () => {\n  try {\n    verify('x');\n    throw new Error('should have thrown');\n"
        "  } catch (err) {\n    expect(err.name).toBe('E');\n  }\n});\n",
        "test('t', async () => {\n  try { await verify('x'); fail('no error'); } catch (e) { expect(e.code).toBe(1); }\n});\n",
        "test('t', () => {\n  expect(() => verify('x')).toThrow('E');\n});\n",
    ]
    INVALID = [
        "test('rejects a tampered token', () => {\n  const t = issue() + 'xx';\n  try {\n    auth.verifyToken(t);\n"
        "  } catch (err) {\n    expect(err.name).toBe('JsonWebTokenError');  // expect: AIT108\n  }\n});\n",
        ("typescript", "it('fails on 404', async () => {\n  try {\n    await client.get('/missing');\n"
                       "  } catch (e: any) {\n    expect(e.status).toBe(404);  // expect: AIT108\n"
                       "    expect(e.message).toMatch(/not found/);  // expect: AIT108\n  }\n});\n"),
    ]

    def check(self, captures):
        fn = test_callback(captures["call"][0])
        if fn is None:
            return
        expects = expect_calls(fn)
        if not expects or any(text(n) in ("expect.assertions", "expect.hasAssertions")
                              for n in walk(fn) if n.type == "member_expression"):
            return
        for call in expects:
            clause = _catch_of(call, fn)
            if clause is None or _try_fails(clause.parent):
                continue
            self.report(call, "this expect runs only if the call throws: when it stops throwing the test passes "
                              "silently; use expect(() => ...).toThrow() / .rejects, or expect.assertions(n)")


def _catch_of(node, fn):
    while node is not None and node.id != fn.id:
        if node.type == "catch_clause":
            return node
        node = node.parent
    return None


def _try_fails(try_statement):
    body = try_statement.child_by_field_name("body") if try_statement is not None else None
    if body is None:
        return True
    for node in walk(body):
        if node.type == "throw_statement" or node.type == "call_expression" and text(
                node.child_by_field_name("function")) in ("fail", "expect", "assert.fail", "expect.fail"):
            return True
    return False
