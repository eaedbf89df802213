from codeaudit.rule import Category, Confidence, PythonRule, Severity


class SyntaxErrorRule(PythonRule):
    """The file does not parse.

    ## What it does
    Reports the first syntax error of a Python, JavaScript or TypeScript file. The
    engine emits it when the parser rejects the file; rules with a tree-sitter form
    still run on the rest of the file.

    ## Why is this bad
    Code that does not parse never ran. Assistants produce truncated files,
    unbalanced brackets and mixed-up indentation that look fine in a diff.

    ## Example
    ```python
    def handler(request:
        return request.args
    ```

    ## Use instead
    ```python
    def handler(request):
        return request.args
    ```
    """

    code = "COR001"
    slug = "syntax-error"
    category = Category.CORRECTNESS
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    languages = frozenset({"python", "javascript", "typescript", "tsx"})

    VALID = ["def handler(request):\n    return request.args\n"]
    # Reported where the parser gives up: the line after the unclosed parenthesis.
    INVALID = [
        "def handler(request:\n    return request.args  # expect: COR001\n",
        ("javascript", "const total = ;  // expect: COR001\n"),
    ]
