from codeaudit.rule import Category, Confidence, PythonRule, Severity


class UnusedSuppression(PythonRule):
    """A suppression comment that suppresses nothing.

    ## What it does
    Reports `# codeaudit: ignore[CODE]` comments when the named rule is enabled
    but reports nothing on the line the comment applies to.

    ## Why is this bad
    Stale suppressions hide the next real defect on that line and mislead readers
    into thinking the code was reviewed for that rule.

    ## Example
    ```python
    total = a + b  # codeaudit: ignore[SEC001] leftover from a removed eval
    ```

    ## Use instead
    ```python
    total = a + b
    ```
    """

    code = "COR003"
    slug = "unused-suppression"
    category = Category.CORRECTNESS
    severity = Severity.LOW
    confidence = Confidence.HIGH
    languages = frozenset({"python", "javascript", "typescript", "tsx"})

    VALID = ["total = 1 + 2\n"]
    INVALID = ["total = 1 + 2  # codeaudit: ignore[COR001] stale  # expect: COR003\n"]
