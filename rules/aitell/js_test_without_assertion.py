import re

from codeaudit.js.base import JsRule
from codeaudit.js.testing import code_bytes, test_callback
from codeaudit.rule import Category, Confidence, Severity

#: Anything that can check something: expect/assert/should, supertest's .expect(200), helpers named check*/verify*.
_CHECKS = re.compile(rb"\b(expect|assert\w*|should|verify\w*|check\w*|fail|toMatch\w*|t\.(is|deepEqual|true|false|throws)"
                     rb"|throw|reject)\b", re.I)


class JsTestWithoutAssertion(JsRule):
    """A Jest/Vitest/Mocha test that asserts nothing.

    ## What it does
    Reports `test(...)` / `it(...)` callbacks whose body contains no
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
    triggers = (b"it(", b"test(")
    query = "(call_expression) @call"

    VALID = [
        "test('adds', () => {\n  expect(add(1, 2)).toBe(3);\n});\n",
        "it('GET /health', async () => {\n  await request(app).get('/health').expect(200);\n});\n",
        "it('validates', () => {\n  checkInvariants(buildTree([3, 1, 2]));\n});\ntest.todo('later');\nit('empty', () => {});\n",
        "it('works', function (done) {\n  assert.equal(f(), 1);\n  done();\n});\n",
    ]
    INVALID = [
        "test('logout clears the session', async () => {\n  const session = { userId: 'u1', destroy: jest.fn() };\n"
        "  await auth.logout(session);  // expect: AIT107\n});\n",
        ("typescript", "describe('importer', () => {\n  it('imports a csv', async () => {\n"
                       "    const rows = parseCsv('a,b\\n1,2');\n    await importer.run(rows);  // expect: AIT107\n  });\n});\n"),
        "it('renders', () => {\n  render(<Panel items={[]} />);  // expect: AIT107\n});\n",
    ]

    def check(self, captures):
        fn = test_callback(captures["call"][0])
        if fn is None:
            return
        body = fn.child_by_field_name("body")
        if body is None or body.type != "statement_block":
            return
        statements = [c for c in body.named_children if c.type != "comment"]
        if not statements or _CHECKS.search(code_bytes(body)):
            return
        self.report(statements[-1], "this test asserts nothing: it passes whatever the code does; add an "
                                    "expect(...) on the result or the side effect")
