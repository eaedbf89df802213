import libcst as cst

from codeaudit.analysis.taint import TaintRule
from codeaudit.rule import Category, Confidence, Severity

_EVALUATORS = {"eval", "exec", "compile", "builtins.eval", "builtins.exec", "builtins.compile"}


class EvalNonLiteral(TaintRule):
    """`eval`, `exec` or `compile` on a value that is not a literal.

    ## What it does
    Reports calls to `eval()`, `exec()` and `compile()` whose first argument is not a
    string literal. When the value comes from a request, `input()` or the command
    line, the message names the source. Restricting `__builtins__` does not make
    `eval` safe and is still reported.

    ## Why is this bad
    Evaluating a computed string runs whatever code ends up in it. Assistants reach
    for `eval` to parse numbers, dicts or arithmetic typed by a user, which turns a
    calculator endpoint into remote code execution.

    ## Example
    ```python
    result = eval(request.args["expr"])
    ```

    ## Use instead
    ```python
    import ast
    result = ast.literal_eval(request.args["expr"])
    ```
    """

    code = "SEC001"
    slug = "eval-non-literal"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    cwe = (95,)
    triggers = (b"eval", b"exec", b"compile")

    fallback_query = """
    (call function: (identifier) @fn
          arguments: (argument_list . [(identifier) (call) (binary_operator) (attribute) (subscript)])
          (#match? @fn "^(eval|exec)$")) @report
    """
    fallback_message = "eval/exec on a computed value runs arbitrary code"

    VALID = [
        'eval("1 + 2")\n',
        "import ast\nvalue = ast.literal_eval(text)\n",
        "def eval(x):\n    return x\neval(data)\n",
        "import re\npattern = re.compile(user_pattern)\n",
        "code = compile('x + 1', '<expr>', 'eval')\n",
        "def load(path, d):\n    with open(path) as f:\n        exec(compile(f.read(), path, 'exec'), d)\n",
    ]
    INVALID = [
        "expr = input()\nresult = eval(expr)  # expect: SEC001\n",
        "import builtins\nbuiltins.exec(code_from_db)  # expect: SEC001\n",
        "exec(f'print({name})')  # expect: SEC001\n",
        "def calc(expression):\n    return eval(expression, {'__builtins__': {}}, {})  # expect: SEC001\n",
        "def run():\n    src = input()\n    return compile(src, 'plugin', 'exec')  # expect: SEC001\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if self.ctx.call_name(node) not in _EVALUATORS or not node.args:
            return
        value = node.args[0].value
        if isinstance(value, (cst.SimpleString, cst.ConcatenatedString)):
            return
        name = self.ctx.call_name(node).split(".")[-1]
        if name == "compile" or isinstance(value, cst.Call) and (self.ctx.call_name(value) or "").endswith("compile"):
            # compile() of a file's text is how runpy/config loaders work: only input-built code is a defect
            source = value.args[0].value if name != "compile" and value.args else value
            origin = self.tainted(source)
            if origin is not None:
                self.report(node, f"{name}() runs code built from user input ({self.taint.evidence(origin)}); "
                                  "parse the input instead", confidence=Confidence.HIGH)  # fmt: skip
            return
        if isinstance(value, cst.Name) and self.taint.is_static(value):
            return
        origin = self.tainted(value)
        if origin is not None:
            self.report(node, f"{name}() runs code built from user input ({self.taint.evidence(origin)}); parse the "
                              "input instead (ast.literal_eval, json, a small expression parser)",
                        confidence=Confidence.HIGH)  # fmt: skip
            return
        self.report(node, f"{name}() on a computed value runs arbitrary code; restricting __builtins__ does not "
                          "sandbox it: use ast.literal_eval or a real parser")  # fmt: skip
