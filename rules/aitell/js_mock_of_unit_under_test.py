from codeaudit.js import call_args, callee, string_value, strip_parens, text
from codeaudit.js.base import JsRule
from codeaudit.js.testing import own_nodes, test_callback
from codeaudit.rule import Category, Confidence, Severity

_SPIES = {"jest.spyOn", "vi.spyOn", "sinon.stub"}
_FAKES = {"mockReturnValue", "mockReturnValueOnce", "mockResolvedValue", "mockResolvedValueOnce",
          "mockRejectedValue", "mockImplementation", "mockImplementationOnce", "returns", "resolves", "callsFake"}


class JsMockOfUnitUnderTest(JsRule):
    """A test replaces a function with a mock and then "tests" that same function.

    ## What it does
    Reports calls `obj.fn(...)` in a Jest/Vitest/Sinon test after the same test
    stubbed `obj.fn` with a canned result (`jest.spyOn(obj, 'fn').mockReturnValue(...)`,
    `vi.spyOn(...).mockResolvedValue(...)`, `sinon.stub(obj, 'fn').returns(...)`).

    ## Why is this bad
    The call returns the value the test itself planted, so the assertion checks
    the mock, not the code: `verifyToken` could accept every token and the test
    would still pass.

    ## Example
    ```javascript
    jest.spyOn(auth, 'verifyToken').mockReturnValue({ sub: 'u1' });
    const claims = auth.verifyToken('anything');
    expect(claims.sub).toBe('u1');
    ```

    ## Use instead
    Mock the collaborators (the key store, the clock, `jwt.verify`'s key) and
    call the real function with a real signed token.
    """

    code = "AIT109"
    slug = "js-mock-of-unit-under-test"
    category = Category.AI_TELL
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    triggers = (b"spyOn", b"sinon.stub")
    query = "(call_expression) @call"

    VALID = [
        "test('t', () => {\n  jest.spyOn(keys, 'current').mockReturnValue(KEY);\n  expect(auth.verifyToken(tok).sub).toBe('u1');\n});\n",
        "test('t', () => {\n  const spy = jest.spyOn(mailer, 'send');\n  signup('a@b.c');\n  expect(spy).toHaveBeenCalled();\n});\n",
        "test('t', () => {\n  jest.spyOn(api, 'fetchUser').mockResolvedValue(U);\n  return loadProfile(1).then((p) => expect(p).toEqual(U));\n});\n",
    ]
    INVALID = [
        "test('verifyToken accepts a valid token', () => {\n"
        "  jest.spyOn(auth, 'verifyToken').mockReturnValue({ sub: 'u1' });\n"
        "  const claims = auth.verifyToken('anything');  // expect: AIT109\n  expect(claims.sub).toBe('u1');\n});\n",
        ("typescript", "it('loads prices', async () => {\n  vi.spyOn(prices, 'load').mockResolvedValue([{ sku: 'a', cents: 1 }]);\n"
                       "  expect(await prices.load('eu')).toHaveLength(1);  // expect: AIT109\n});\n"),
        "it('totals', () => {\n  sinon.stub(cart, 'total').returns(42);\n  assert.equal(cart.total(), 42);  // expect: AIT109\n});\n",
    ]

    def check(self, captures):
        fn = test_callback(captures["call"][0])
        if fn is None:
            return
        stubbed = {}
        for node in own_nodes(fn):
            if node.type != "call_expression":
                continue
            name = text(callee(node))
            if name in _SPIES:
                target = self._faked_target(node)
                if target is not None:
                    stubbed[target] = node.end_byte
            elif stubbed and name in stubbed and node.start_byte > stubbed[name]:
                self.report(node, f"{name}() was replaced by a mock earlier in this test: the call returns the "
                                  "planted value, so the test checks the mock; mock its collaborators instead")

    @staticmethod
    def _faked_target(spy):
        """'auth.verifyToken' for jest.spyOn(auth, 'verifyToken').mockReturnValue(...) (a canned result)."""
        args = call_args(spy)
        if len(args) < 2 or string_value(args[1]) is None:
            return None
        member = spy.parent
        if member is None or member.type != "member_expression" or member.parent is None:
            return None
        if text(member.child_by_field_name("property")) not in _FAKES or member.parent.type != "call_expression":
            return None
        return f"{text(strip_parens(args[0]))}.{string_value(args[1])}"
