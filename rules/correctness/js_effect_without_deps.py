from codeaudit.js import FUNCTION_TYPES, call_args, enclosing_function, strip_parens, text
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

_EFFECTS = frozenset({"useEffect", "useLayoutEffect", "React.useEffect", "React.useLayoutEffect"})
_STATE_HOOKS = frozenset({"useState", "useReducer", "React.useState", "React.useReducer"})


class JsEffectWithoutDeps(JsRule):
    """`useEffect(() => { ...; setX(...) })` without a dependency array.

    ## What it does
    Reports a React `useEffect` / `useLayoutEffect` call with no second argument
    whose effect sets state of the same component (a setter from `useState` /
    `dispatch` from `useReducer`), directly or in an async function or callback
    it starts.

    ## Why is this bad
    Without a dependency array the effect runs after every render. Setting state
    causes another render, which runs the effect again: an endless render /
    request loop (or, with asynchronous updates, a new burst of requests on every
    render) that hammers the API and freezes the page.

    ## Example
    ```javascript
    useEffect(() => {
      fetchBuilds(projects).then(setBuilds);
    });
    ```

    ## Use instead
    ```javascript
    useEffect(() => {
      fetchBuilds(projects).then(setBuilds);
    }, [projects]);
    ```
    """

    code = "COR102"
    slug = "js-effect-without-deps"
    category = Category.CORRECTNESS
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    triggers = (b"useEffect", b"useLayoutEffect")
    query = "(call_expression function: [(identifier) (member_expression)] @fn arguments: (arguments) @args) @call"

    VALID = [
        ("tsx", "function A({ id }) {\n  const [x, setX] = useState(null);\n"
                "  useEffect(() => { load(id).then(setX); }, [id]);\n  return <p>{x}</p>;\n}\n"),
        # no state update: a side effect after every render is allowed
        ("tsx", "function B({ title }) {\n  const [n] = useState(0);\n"
                "  useEffect(() => { document.title = `${title} (${n})`; });\n  return null;\n}\n"),
    ]
    INVALID = [
        ("tsx", "function C({ projects }) {\n  const [builds, setBuilds] = useState({});\n"
                "  useEffect(() => {  // expect: COR102\n    const next = {};\n"
                "    projects.forEach((p) => { next[p.id] = p.build; });\n    setBuilds(next);\n  });\n"
                "  return <p>{Object.keys(builds).length}</p>;\n}\n"),
        ("tsx", "function D({ id }) {\n  const [user, setUser] = React.useState(null);\n"
                "  React.useEffect(() => {  // expect: COR102\n"
                "    fetch(`/api/users/${id}`).then((r) => r.json()).then((u) => setUser(u));\n  });\n"
                "  return <span>{user?.name}</span>;\n}\n"),
    ]

    def check(self, captures):
        if text(captures["fn"][0]) not in _EFFECTS:
            return
        call = captures["call"][0]
        args = call_args(call)
        if len(args) != 1 or strip_parens(args[0]).type not in FUNCTION_TYPES:
            return
        component = enclosing_function(call)
        if component is None:
            return
        setters = self._setters(component)
        if not setters:
            return
        effect = strip_parens(args[0])
        for node in self._walk(effect.child_by_field_name("body")):
            if node.type == "identifier" and text(node) in setters:
                self.report(call, f"this effect has no dependency array, so it runs after every render, and it "
                                  f"calls {text(node)}() which triggers another render: an endless loop; pass the "
                                  "values it reads as dependencies ([] to run once)")
                return

    @staticmethod
    def _walk(node):
        stack = [node] if node is not None else []
        while stack:
            current = stack.pop()
            yield current
            stack.extend(current.children)

    def _setters(self, component):
        body = component.child_by_field_name("body")
        names = set()
        for node in body.named_children if body is not None and body.type == "statement_block" else ():
            if node.type != "lexical_declaration":
                continue
            for decl in node.named_children:
                value = strip_parens(decl.child_by_field_name("value")) if decl.type == "variable_declarator" else None
                pattern = decl.child_by_field_name("name") if value is not None else None
                if value is None or value.type != "call_expression" or pattern is None or pattern.type != "array_pattern":
                    continue
                if text(value.child_by_field_name("function")).split("<")[0] not in _STATE_HOOKS:
                    continue
                items = [c for c in pattern.named_children if c.type != "comment"]
                if len(items) >= 2 and items[1].type == "identifier":
                    names.add(text(items[1]))
        return names
