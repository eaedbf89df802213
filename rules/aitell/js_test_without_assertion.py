import re

from codeaudit.js import call_args, callee, string_value, text, walk
from codeaudit.js.base import JsRule
from codeaudit.js.testing import code_bytes, test_callback
from codeaudit.rule import Category, Confidence, Severity

#: Anything that can check something: expect/assert/should, supertest's .expect(200), helpers named check*/verify*.
_CHECKS = re.compile(rb"\b(expect\w*|assert\w*|should|verify\w*|check\w*|fail|toMatch\w*|t\.(is|deepEqual|true|false|throws)"
                     rb"|throw|reject)\b", re.I)


#: Test names that announce a smoke test: finishing without an exception is the check.
_SMOKE_NAME = re.compile(r"not (throw|crash|fail|reject)|without (an? )?(error|exception|throwing)|successfully|no error",
                         re.I)


class JsTestWithoutAssertion(JsRule):
    """A Jest/Vitest/Mocha test that asserts nothing.

    ## What it does
    In files whose tests assert with Jest/Vitest `expect(...)`, reports
    `test(...)` / `it(...)` callbacks whose body contains no
    `expect`, `assert`, `should`, `fail`, `throw`, or helper named
    `check*`/`verify*`. The finding is on the test's last statement (the action
    whose effect goes unchecked).

    ## Why is this bad
    The test passes as long as nothing throws: `logout()` may leave the session
    intact and the suite stays green. Generated tests often "exercise" code
    without checking anything.

    ## Example
    ```javascript
    test('logout clears the session', async () => {
      const session = { userId: 'u1', destroy: jest.fn((cb) => cb()) };
      await auth.logout(session);
    });
    ```

    ## Use instead
    ```javascript
    await auth.logout(session);
    expect(session.destroy).toHaveBeenCalledTimes(1);
    ```
    """

    code = "AIT107"
    slug = "js-test-without-assertion"
    category = Category.AI_TELL
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    # Only files that assert with expect(): other libraries' idioms (must/demand, tap, should) are not known here.
    triggers = (b"expect(",)
    query = "(call_expression) @call"

    VALID = [
        "test('adds', () => {\n  expect(add(1, 2)).toBe(3);\n});\n",
        "test('closes successfully', async () => {\n  await server.close();\n});\n"
        "test('trust proxy', async (t) => {\n  await fetchWith(t, '1.1.1.1');\n});\n",
        "function rowLooksRight(r) {\n  expect(r.id).toBeGreaterThan(0);\n}\n"
        "test('rows', async () => {\n  rowLooksRight(await load());\n});\n",
        "it('GET /health', async () => {\n  await request(app).get('/health').expect(200);\n});\n",
        "it('validates', () => {\n  checkInvariants(buildTree([3, 1, 2]));\n});\ntest.todo('later');\nit('empty', () => {});\n",
        "it('works', function (done) {\n  assert.equal(f(), 1);\n  done();\n});\n",
        "const demand = require('must');\nit('formats', () => {\n  demand(format(1)).be('1');\n});\n",
    ]
    INVALID = [
        "test('logout clears the session', async () => {\n  const session = { userId: 'u1', destroy: jest.fn() };\n"
        "  await auth.logout(session);  // expect: AIT107\n});\ntest('login', async () => {\n"
        "  expect(await auth.login('a', 'b')).toEqual({ ok: true });\n});\n",
        ("typescript", "describe('importer', () => {\n  it('imports a csv', async () => {\n"
                       "    const rows = parseCsv('a,b\\n1,2');\n    await importer.run(rows);  // expect: AIT107\n  });\n"
                       "  it('counts', () => {\n    expect(parseCsv('a\\n1')).toHaveLength(1);\n  });\n});\n"),
        "it('renders', () => {\n  render(<Panel items={[]} />);  // expect: AIT107\n});\n"
        "it('has a title', () => {\n  expect(screen.getByRole('heading')).toBeVisible();\n});\n",
    ]

    def check(self, captures):
        fn = test_callback(captures["call"][0])
        if fn is None:
            return
        body = fn.child_by_field_name("body")
        if body is None or body.type != "statement_block":
            return
        statements = [c for c in body.named_children if c.type != "comment"]
        if not statements or _CHECKS.search(code_bytes(body)) or self._not_jest_style(fn, captures["call"][0]):
            return
        if any(n.type == "call_expression" and self._asserting_helper(n) for n in walk(body)):
            return
        self.report(statements[-1], "this test asserts nothing: it passes whatever the code does; add an "
                                    "expect(...) on the result or the side effect")

    @staticmethod
    def _not_jest_style(fn, call):
        """`test('x', (t) => ...)` / `(done) => ...`: node:test / tap / mocha callbacks check through `t`/`done`;
        a smoke-test name says that not throwing is the point."""
        params = fn.child_by_field_name("parameters") or fn.child_by_field_name("parameter")
        if params is not None and (params.type == "identifier" or params.named_children):
            return True
        name = string_value(call_args(call)[0]) or text(call_args(call)[0])
        return bool(_SMOKE_NAME.search(name))

    def _asserting_helper(self, call):
        fn = callee(call)
        target = self.js.functions.get(text(fn)) if fn is not None and fn.type == "identifier" else None
        return target is not None and bool(_CHECKS.search(code_bytes(target)))
