from codeaudit.js import call_args, strip_parens
from codeaudit.js.base import JsRule
from codeaudit.js.testing import expect_calls, matcher_of, test_callback
from codeaudit.rule import Category, Confidence, Severity

_LITERALS = {"true", "false", "number", "string", "null", "undefined"}
_EXISTENCE = {"toBeDefined", "toBeTruthy"}
_NEGATED_EXISTENCE = {"toBeUndefined", "toBeNull", "toBeFalsy"}


class JsTrivialAssertion(JsRule):
    """A test whose assertions cannot fail: `expect(true).toBe(true)`, or only `toBeDefined()`.

    ## What it does
    In Jest/Vitest tests (`test(...)`, `it(...)`), reports `expect(<literal>)`
    compared with a literal (`expect(true).toBe(true)`, `expect(1).toEqual(1)`),
    and tests whose only assertions are existence checks on a result
    (`expect(result).toBeDefined()`, `.toBeTruthy()`, `.not.toBeNull()`).

    ## Why is this bad
    The test passes whatever the code does: `login()` returning an error object
    is still "defined". Such tests inflate coverage and make a broken feature
    look tested, a typical shape of generated tests.

    ## Example
    ```javascript
    test('login works for a known user', async () => {
      const result = await auth.login('alice@example.com', 'pw');
      expect(result).toBeDefined();
    });
    ```

    ## Use instead
    ```javascript
    expect(result).toEqual({ userId: 'u1', token: expect.any(String) });
    ```
    """

    code = "AIT106"
    slug = "js-trivial-assertion"
    category = Category.AI_TELL
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    triggers = (b"expect(",)
    query = "(call_expression) @call"

    VALID = [
        "test('sum', () => {\n  expect(sum(1, 2)).toBe(3);\n});\n",
        "test('login', async () => {\n  const r = await login('a', 'b');\n  expect(r).toBeDefined();\n"
        "  expect(r.token).toMatch(/^ey/);\n});\n",
        "it('flag', () => {\n  expect(isEnabled('x')).toBe(true);\n  expect(parse('1')).not.toBeNull();\n"
        "  expect(parse('1').value).toBe(1);\n});\n",
    ]
    INVALID = [
        "test('role check', () => {\n  expect(true).toBe(true);  // expect: AIT106\n});\n",
        "test('login works', async () => {\n  const result = await auth.login('a@b.c', 'pw');\n"
        "  expect(result).toBeDefined();  // expect: AIT106\n});\n",
        ("typescript", "describe('api', () => {\n  it('creates an order', async () => {\n"
                       "    const order = await service.create({ sku: 'A1', qty: 2 });\n"
                       "    expect(order).toBeTruthy();  // expect: AIT106\n    expect(order.id).not.toBeUndefined();  // expect: AIT106\n"
                       "  });\n});\n"),
        "it('adds', () => {\n  add(1, 2);\n  expect(1 + 1).toEqual(2);  // expect: AIT106\n});\n",
    ]

    def check(self, captures):
        fn = test_callback(captures["call"][0])
        if fn is None:
            return
        expects = expect_calls(fn)
        shapes = []
        for call in expects:
            matcher, matcher_call, negated = matcher_of(call)
            subject = strip_parens(call_args(call)[0]) if call_args(call) else None
            expected = call_args(matcher_call) if matcher_call is not None else []
            constant = subject is not None and self._constant(subject) and all(self._constant(e) for e in expected)
            existence = (matcher in _EXISTENCE and not negated) or (matcher in _NEGATED_EXISTENCE and negated)
            shapes.append((call, constant, existence))
        for call, constant, _ in shapes:
            if constant:
                self.report(call, "this assertion compares constants: it can never fail; assert on the value the "
                                  "code under test returns")
        if shapes and all(existence for _, _, existence in shapes):
            for call, _, _ in shapes:
                self.report(call, "the test only checks that a result exists: any value (even an error object) "
                                  "passes; assert the expected value")

    def _constant(self, node):
        node = strip_parens(node)
        if node is None:
            return False
        if node.type in _LITERALS:
            return True
        if node.type == "binary_expression":
            return all(self._constant(c) for c in node.named_children)
        return False
