from codeaudit.js import callee, strip_parens, text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

_ASYNC_MATCHERS = {"rejects", "resolves"}


class JsUnawaitedAsyncAssertion(JsRule):
    """`expect(promise).rejects/resolves...` neither awaited nor returned.

    ## What it does
    Reports Jest/Vitest assertions on a promise (`expect(p).rejects.toThrow()`,
    `expect(p).resolves.toEqual(x)`) written as a bare statement: not awaited
    and not returned from the test.

    ## Why is this bad
    The matcher returns a promise. Without `await`/`return` the test function
    finishes first and passes; the assertion settles later, after the test, and
    its failure is lost or blamed on another test ("assertion after test
    finished"). The test checks nothing.

    ## Example
    ```javascript
    test('refresh rejects expired tokens', () => {
      expect(auth.refresh(expired)).rejects.toThrow('jwt expired');
    });
    ```

    ## Use instead
    ```javascript
    test('refresh rejects expired tokens', async () => {
      await expect(auth.refresh(expired)).rejects.toThrow('jwt expired');
    });
    ```
    """

    code = "CON105"
    slug = "js-unawaited-async-assertion"
    category = Category.CONCURRENCY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    triggers = (b".rejects", b".resolves")
    query = "(expression_statement (call_expression) @call)"

    VALID = [
        "test('r', async () => {\n  await expect(load('x')).rejects.toThrow('nope');\n});\n",
        "it('r', () => {\n  return expect(load('x')).resolves.toEqual({ ok: true });\n});\n",
        "it('r', () => expect(load('x')).rejects.toBeInstanceOf(Error));\n"
        "test('s', async () => {\n  const p = expect(load('y')).resolves.toBe(1);\n  await p;\n});\n",
        "test('t', () => {\n  expect(parse('x')).toThrow();\n  promise.rejects.push(1);\n});\n",
    ]
    INVALID = [
        "test('refresh rejects expired tokens', () => {\n"
        "  expect(auth.refresh(expired)).rejects.toThrow('jwt expired');  // expect: CON105\n});\n",
        "it('loads', async () => {\n  expect(repo.load(1)).resolves.toMatchObject({ id: 1 });  // expect: CON105\n});\n",
        ("typescript", "describe('api', () => {\n  it('fails on 500', () => {\n    expect(  // expect: CON105\n"
                       "      client.get('/boom'),\n    ).rejects.toThrow(HttpError);\n  });\n});\n"),
    ]

    def check(self, captures):
        call = captures["call"][0]
        node = callee(call)
        while node is not None and node.type in ("member_expression", "call_expression"):
            if node.type == "member_expression":
                prop = text(node.child_by_field_name("property"))
                obj = strip_parens(node.child_by_field_name("object"))
                if prop in _ASYNC_MATCHERS and obj is not None and obj.type == "call_expression" and text(
                        callee(obj)) in ("expect", "expect.soft"):
                    self.report(obj, f"expect(...).{prop} returns a promise that nobody awaits: the "
                                                   "test ends before the assertion runs; `await` it (or return it)")
                    return
                node = obj
            else:
                node = callee(node)
