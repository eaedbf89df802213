from codeaudit.js import call_args, callee_method, is_async, is_function
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity


class JsAsyncForEach(JsRule):
    """`array.forEach(async ...)`: nobody waits for the callbacks.

    ## What it does
    Reports `forEach` calls whose callback is an `async` function.

    ## Why is this bad
    `forEach` ignores the promises its callback returns. The code after the loop
    runs before any callback has finished (results are still empty, files not yet
    written), and a rejection becomes an unhandled rejection that can crash Node.

    ## Example
    ```javascript
    SIZES.forEach(async (size) => {
      outputs.push(await makeThumbnail(source, size));
    });
    return outputs; // still []
    ```

    ## Use instead
    ```javascript
    const outputs = await Promise.all(SIZES.map((size) => makeThumbnail(source, size)));
    // or, sequentially: for (const size of SIZES) { ... await ... }
    ```
    """

    code = "CON101"
    slug = "js-async-foreach"
    category = Category.CONCURRENCY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    triggers = (b"forEach",)
    query = "(call_expression) @call"

    VALID = [
        "items.forEach((item) => console.log(item));\nfor (const item of items) { await save(item); }\n",
        "await Promise.all(items.map(async (item) => save(item)));\n",
    ]
    INVALID = [
        "SIZES.forEach(async (size) => {  // expect: CON101\n  out.push(await thumb(size));\n});\n",
        ("typescript", "users.forEach(async function (u: User) {  // expect: CON101\n  await notify(u);\n});\n"),
    ]

    def check(self, captures):
        call = captures["call"][0]
        if callee_method(call) != "forEach":
            return
        args = call_args(call)
        if args and is_function(args[0]) and is_async(args[0]):
            self.report(call, "forEach does not wait for async callbacks: later code runs before they finish and "
                              "rejections go unhandled; use for...of with await or Promise.all(arr.map(...))")
