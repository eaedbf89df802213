from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity


class JsEmptyCatch(JsRule):
    """Empty `catch {}` block that silently discards the error.

    ## What it does
    Reports `catch` clauses whose block contains no statement and no comment.

    ## Why is this bad
    Every failure in the `try` (a corrupt line, a typo, a full disk) disappears
    without a trace. Data goes missing and nobody can tell why. An intentional
    ignore deserves at least a comment saying which error is expected.

    ## Example
    ```javascript
    try {
      contacts.push(JSON.parse(line));
    } catch (err) {}
    ```

    ## Use instead
    ```javascript
    } catch (err) {
      skipped += 1;
      log.warn({ err, lineNo }, "skipping malformed line");
    }
    ```
    """

    code = "ABS101"
    slug = "js-empty-catch"
    category = Category.ABSTRACTION
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    triggers = (b"catch",)
    query = "(catch_clause body: (statement_block) @body) @catch"

    VALID = [
        "try { a(); } catch (e) {\n  // optional file: a missing config is fine\n}\n",
        "try { a(); } catch { return null; }\n",
    ]
    INVALID = [
        "try {\n  rows.push(JSON.parse(line));\n} catch (err) {}  // expect: ABS101\n",
        ("typescript", "try { await cleanup(); } catch {}  // expect: ABS101\n"),
    ]

    def check(self, captures):
        body = captures["body"][0]
        close = next((c for c in body.children if c.type == "}"), None)
        # tree-sitter may attach a comment trailing the block to it: only comments before "}" count
        if any(close is None or c.start_byte < close.start_byte for c in body.named_children):
            return
        self.report(captures["catch"][0], "empty catch block swallows every error; handle it, log it with context, "
                                          "or comment why it is safe to ignore")
