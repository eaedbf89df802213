from codeaudit.js import FUNCTION_TYPES, identifiers_in, pattern_names
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity


class JsVarClosureInLoop(JsRule):
    """`var` declared in a loop and captured by a callback created in that loop.

    ## What it does
    Reports `var` declarations inside a loop body (or a `for (var i ...)` header)
    when a function created in the same loop (event listener, timer, promise
    callback) refers to that variable.

    ## Why is this bad
    `var` is function-scoped: there is one variable for all iterations. Every
    callback sees the value of the last iteration, so clicking any row shows the
    details of the last component.

    ## Example
    ```javascript
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      row.addEventListener("click", function () { show(item); });
    }
    ```

    ## Use instead
    Declare with `let`/`const` (one binding per iteration), or iterate with
    `for...of` / `forEach`.
    """

    code = "COR101"
    slug = "js-var-closure-in-loop"
    category = Category.CORRECTNESS
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    query = "[(for_statement) (for_in_statement) (while_statement) (do_statement)] @loop"

    VALID = [
        "for (let i = 0; i < n; i++) {\n  const item = items[i];\n  row.onclick = () => show(item);\n}\n",
        "for (var i = 0; i < n; i++) {\n  var item = items[i];\n  show(item);\n}\n",
    ]
    INVALID = [
        "for (var i = 0; i < items.length; i++) {\n  var item = items[i];  // expect: COR101\n"
        "  row.addEventListener('click', function () { show(item); });\n}\n",
        "for (var i = 0; i < 3; i++) {  // expect: COR101\n  setTimeout(() => console.log(i), 10);\n}\n",
    ]

    def check(self, captures):
        loop = captures["loop"][0]
        if self._nested_in_loop(loop):
            return  # the outermost loop reports
        declared = {}
        closures = []
        for node in self._nodes(loop):
            if node.type == "variable_declaration":  # `var` (let/const are lexical_declaration)
                for decl in node.named_children:
                    if decl.type == "variable_declarator":
                        for name in pattern_names(decl.child_by_field_name("name")):
                            declared.setdefault(name, decl)
            elif node.type in FUNCTION_TYPES:
                closures.append(node)
        if not declared or not closures:
            return
        captured = set()
        for fn in closures:
            captured |= identifiers_in(fn.child_by_field_name("body") or fn)
        for name, decl in declared.items():
            if name in captured:
                self.report(decl, f"'var {name}' is shared by all iterations, so the callback created in this loop "
                                  f"sees its last value; declare it with let/const")

    def _nodes(self, loop):
        stack = [loop]
        while stack:
            node = stack.pop()
            yield node
            if node.type in FUNCTION_TYPES:
                continue
            stack.extend(node.children)

    def _nested_in_loop(self, loop):
        node = loop.parent
        while node is not None and node.type not in FUNCTION_TYPES:
            if node.type in ("for_statement", "for_in_statement", "while_statement", "do_statement"):
                return True
            node = node.parent
        return False
