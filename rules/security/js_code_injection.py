from codeaudit.js import call_args, strip_parens, text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

#: Callee -> index of the argument that is evaluated as code.
_EVALUATORS = {"eval": 0, "window.eval": 0, "globalThis.eval": 0, "vm.runInNewContext": 0,
               "vm.runInThisContext": 0, "vm.runInContext": 0, "vm.Script": 0}
_TIMERS = {"setTimeout", "setInterval", "window.setTimeout", "window.setInterval", "setImmediate"}
_FUNCTION_CTORS = {"Function", "window.Function", "globalThis.Function"}


class JsCodeInjection(JsRule):
    """`eval`, `new Function` or a string timer callback on computed code (JS/TS).

    ## What it does
    Reports `eval(x)`, `vm.runInNewContext(x)`, `new Function(..., body)` and
    `setTimeout("code", ms)` / `setInterval` when the code is not a constant string.

    ## Why is this bad
    The string is compiled and run with the privileges of the process. When any part
    of it comes from a request (a "calculator" endpoint, a filter expression, a
    message to broadcast) an attacker runs arbitrary JavaScript on the server.

    ## Example
    ```javascript
    const value = eval(req.body.expression);
    setTimeout(`broadcast("${message}")`, 1000);
    ```

    ## Use instead
    Parse the input with a real parser (e.g. a small expression library), and pass
    functions to timers:
    ```javascript
    setTimeout(() => broadcast(message), 1000);
    ```
    """

    code = "SEC101"
    slug = "js-code-injection"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (95,)
    triggers = (b"eval", b"Function", b"setTimeout", b"setInterval", b"setImmediate", b"vm")
    query = "[(call_expression) (new_expression)] @call"

    VALID = [
        'eval("1 + 2");\nsetTimeout(() => refresh(), 1000);\nsetTimeout(refresh, 500);\n',
        'const f = new Function("a", "b", "return a + b");\nsetTimeout("tick()", 100);\n',
        "function run(eval) { return eval(x); }\nobj.eval(code);\n",
    ]
    INVALID = [
        "app.post('/calc', (req, res) => {\n  res.json({ v: eval(req.body.expr) });  // expect: SEC101\n});\n",
        "const pred = new Function('row', `return ${filter};`);  // expect: SEC101\n",
        "setTimeout(`broadcast(\"${message}\")`, 1000);  // expect: SEC101\nsetInterval('poll(' + id + ')', 10);  // expect: SEC101\n",
        ("typescript", "import vm from 'node:vm';\nexport const run = (src: string) => vm.runInNewContext(src);  // expect: SEC101\n"),
    ]

    def check(self, captures):
        call = captures["call"][0]
        name = self.js.call_name(call)
        if name is None:
            return
        args = call_args(call)
        if not args:
            return
        if call.type == "new_expression":
            if name in _FUNCTION_CTORS and not self.js.is_constant(args[-1], call):
                self.report(call, "new Function() compiles a computed string into code; never build code from data")
            elif name in _EVALUATORS and not self.js.is_constant(args[0], call):
                self.report(call, f"{name} compiles a computed string into code; never build code from data")
            return
        if name in _FUNCTION_CTORS and not self.js.is_constant(args[-1], call):
            self.report(call, "Function() compiles a computed string into code; never build code from data")
        elif name in _EVALUATORS:
            if text(call.child_by_field_name("function")) == "eval" and self._eval_shadowed(call):
                return
            if not self.js.is_constant(args[0], call):
                self.report(call, f"{name}() runs a computed string as code; parse the data instead of evaluating it")
        elif name in _TIMERS:
            first = strip_parens(args[0])
            if first.type in ("template_string", "binary_expression") and not self.js.is_constant(first, call):
                self.report(call, f"{name} with a string argument evaluates it as code; pass a function instead")

    def _eval_shadowed(self, call):
        return self.js.values_of("eval", call) is None and "eval" in self.js.functions or any(
            True for _ in ()
        ) or self._param_named_eval(call)

    def _param_named_eval(self, call):
        from codeaudit.js import enclosing_function, identifiers_in

        fn = enclosing_function(call)
        while fn is not None:
            params = fn.child_by_field_name("parameters")
            if params is not None and "eval" in identifiers_in(params):
                return True
            fn = enclosing_function(fn)
        return False
