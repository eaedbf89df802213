import libcst as cst

from codeaudit.rule import Category, Confidence, PythonRule, Severity

_EVALUATORS = {"eval", "exec", "builtins.eval", "builtins.exec"}


class EvalNonLiteral(PythonRule):
    """`eval` or `exec` on a value that is not a literal.

    ## What it does
    Reports calls to `eval()` and `exec()` whose first argument is not a string
    literal.

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
    triggers = (b"eval", b"exec")

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
    ]
    INVALID = [
        "expr = input()\nresult = eval(expr)  # expect: SEC001\n",
        "import builtins\nbuiltins.exec(code_from_db)  # expect: SEC001\n",
        "exec(f'print({name})')  # expect: SEC001\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if self.ctx.call_name(node) not in _EVALUATORS or not node.args:
            return
        if isinstance(node.args[0].value, (cst.SimpleString, cst.ConcatenatedString)):
            return
        self.report(node, f"{self.ctx.call_name(node).split('.')[-1]}() on a computed value runs arbitrary code")
