import libcst as cst

from codeaudit.knowledge.cst_tools import real_loops, invariant_in, loop_bound, read_names, target_names
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_COMPILERS = {"re.compile", "regex.compile"}


class RegexCompileInLoop(PythonRule):
    """A regular expression compiled again on every iteration of a loop.

    ## What it does
    Reports `re.compile(pattern)` inside a loop or comprehension when the pattern
    does not change between iterations of some enclosing loop, so the same
    pattern is compiled over and over; and `re.compile(p).match(s)` in a loop
    over a collection of patterns handed to the function (a parameter or an
    attribute of one), where each compiled pattern is used once and thrown away,
    so every call compiles the whole collection again.

    ## Why is this bad
    Each call re-parses the pattern flags and looks it up in (or evicts from) the
    `re` module's small cache; with many patterns the cache thrashes and every
    iteration pays a full compile. Hoisting the compile out of the loop costs
    nothing and makes the hot loop a plain match.

    ## Example
    ```python
    for line in lines:
        heading = re.compile(r"^#+\\s+(.*)$")
        if heading.match(line):
            ...
    ```

    ## Use instead
    ```python
    heading = re.compile(r"^#+\\s+(.*)$")
    for line in lines:
        if heading.match(line):
            ...
    ```
    """

    code = "EFF002"
    slug = "regex-compile-in-loop"
    category = Category.EFFICIENCY
    severity = Severity.LOW
    confidence = Confidence.HIGH
    triggers = (b"compile",)

    VALID = [
        "import re\nPATTERNS = [re.compile(p) for p in ('a+', 'b+')]\n",
        "import re\ndef f(pats):\n    out = []\n    for p in pats:\n        out.append(re.compile(p))\n    return out\n",
        "import re\nRX = re.compile('x')\ndef f(lines):\n    return [l for l in lines if RX.match(l)]\n",
        "import re\ndef f(rules, sku):\n    for rule in rules:\n        if rule.rx.fullmatch(sku):\n            return rule\n",
        "import re\ndef f(text):\n    for p in load_patterns():\n        if re.compile(p).search(text):\n            return p\n",
        "import re\ndef f(pats):\n    return {p: re.compile(p) for p in pats}\n",
    ]
    INVALID = [
        "import re\ndef best(line, promos):\n    for promo in promos:\n        if re.compile(promo.pattern).fullmatch(line.sku):  # expect: EFF002\n            return promo\n",
        "import re\ndef route(self, path):\n    for rx, view in self.routes:\n        m = re.compile(rx).match(path)  # expect: EFF002\n        if m:\n            return view\n",
        "import re\ndef blocked(url, cfg):\n    for pat in cfg.blocklist:\n        if re.compile(pat, re.I).search(url):  # expect: EFF002\n            return True\n    return False\n",
        "import re\ndef f(lines):\n    for line in lines:\n        rx = re.compile(r'^#+ (.*)')  # expect: EFF002\n        rx.match(line)\n",
        "import re\ndef f(links, exclude):\n    for link in links:\n        if any(re.compile(p).search(link) for p in exclude):  # expect: EFF002\n            continue\n",
        "import re\ndef f(recs, pats):\n    for r in recs:\n        for p in pats:\n            if re.compile(p, re.I).search(r):  # expect: EFF002\n                pass\n",
    ]

    def _discarded_per_call(self, node: cst.Call, loop, used: set[str]) -> bool:
        """`for p in patterns: re.compile(p.regex).match(s)`: each pattern of a collection passed in is compiled,
        used once and thrown away, so every call of the function compiles all of them again."""
        parents = self.ctx.parents
        if not (len(parents) >= 2 and isinstance(parents[-1], cst.Attribute) and parents[-1].value is node
                and isinstance(parents[-2], cst.Call)):
            return False
        if not isinstance(loop, cst.For) or not (used & target_names(loop.target)):
            return False
        if not _param_collection(loop.iter, self.ctx.function):
            return False
        self.report(
            node,
            "each pattern is compiled, used once and discarded on every call: precompile the patterns once "
            "(when the collection is built, e.g. store `re.compile(p)` on the object) and reuse them",
        )
        return True

    def visit_Call(self, node: cst.Call) -> None:
        if not node.args or self.ctx.call_name(node) not in _COMPILERS:
            return
        loops = real_loops(self.ctx)
        if not loops:
            return
        args = cst.Tuple([cst.Element(a.value) for a in node.args])
        used = read_names(args)
        if self._discarded_per_call(node, loops[-1], used):
            return
        for i, loop in enumerate(loops):
            changing = used & loop_bound(loop)
            # names that only walk a fixed collection in a deeper loop repeat the same patterns
            for deeper in loops[i + 1 :]:
                for target, iterable in _targets(deeper):
                    if invariant_in(iterable, loop):
                        changing -= target_names(target)
            if not changing:
                self.report(
                    node,
                    "pattern compiled on every loop iteration though it does not change in the loop; "
                    "compile it once before the loop (or precompile the list of patterns)",
                )
                return


def _param_collection(iterable, func) -> bool:
    """The loop walks a collection handed in from outside (a parameter, or an attribute of one / of self)."""
    if isinstance(iterable, cst.Attribute):
        iterable = iterable.value
    if not isinstance(iterable, cst.Name) or not isinstance(func, cst.FunctionDef):
        return False
    params = func.params
    names = {p.name.value for p in (*params.posonly_params, *params.params, *params.kwonly_params)}
    return iterable.value in names


def _targets(loop):
    if isinstance(loop, cst.For):
        return [(loop.target, loop.iter)]
    if isinstance(loop, cst.While):
        return []
    pairs = []
    comp = loop.for_in
    while comp is not None:
        pairs.append((comp.target, comp.iter))
        comp = comp.inner_for_in
    return pairs
