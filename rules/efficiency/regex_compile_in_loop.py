import libcst as cst

from codeaudit.knowledge.cst_tools import real_loops, invariant_in, loop_bound, read_names, target_names
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_COMPILERS = {"re.compile", "regex.compile"}


class RegexCompileInLoop(PythonRule):
    """A regular expression compiled again on every iteration of a loop.

    ## What it does
    Reports `re.compile(pattern)` inside a loop or comprehension when the pattern
    does not change between iterations of some enclosing loop, so the same
    pattern is compiled over and over.

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
    ]
    INVALID = [
        "import re\ndef f(lines):\n    for line in lines:\n        rx = re.compile(r'^#+ (.*)')  # expect: EFF002\n        rx.match(line)\n",
        "import re\ndef f(links, exclude):\n    for link in links:\n        if any(re.compile(p).search(link) for p in exclude):  # expect: EFF002\n            continue\n",
        "import re\ndef f(recs, pats):\n    for r in recs:\n        for p in pats:\n            if re.compile(p, re.I).search(r):  # expect: EFF002\n                pass\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if not node.args or self.ctx.call_name(node) not in _COMPILERS:
            return
        loops = real_loops(self.ctx)
        if not loops:
            return
        args = cst.Tuple([cst.Element(a.value) for a in node.args])
        used = read_names(args)
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
