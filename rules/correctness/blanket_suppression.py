from codeaudit.rule import Category, Confidence, PythonRule, Severity


class BlanketSuppression(PythonRule):
    """A suppression comment that names no rule code.

    ## What it does
    Reports `# codeaudit: ignore` comments without a `[CODE]` list.

    ## Why is this bad
    A blanket suppression silences every present and future rule on the line,
    including defects nobody looked at.

    ## Example
    ```python
    os.system(cmd)  # codeaudit: ignore
    ```

    ## Use instead
    ```python
    os.system(cmd)  # codeaudit: ignore[SEC002] cmd is a constant from settings
    ```
    """

    code = "COR002"
    slug = "blanket-suppression"
    category = Category.CORRECTNESS
    severity = Severity.LOW
    confidence = Confidence.HIGH
    languages = frozenset({"python", "javascript", "typescript", "tsx"})

    VALID = ["x = 1  # an ordinary comment\n"]
    INVALID = ["x = 1  # codeaudit: ignore  # expect: COR002\n"]
