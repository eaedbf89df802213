import libcst as cst

from codeaudit.knowledge.cst_tools import real_loops
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_STORE_METHODS = {"append", "add", "insert", "extend", "put", "setdefault", "update"}


class CopyInLoop(PythonRule):
    """A deep copy made on every iteration only to be handed to a call, or via a JSON round trip.

    ## What it does
    Reports, inside a loop, `json.loads(json.dumps(x))` (a deep copy through text)
    and `copy.deepcopy(x)` passed straight into a function call (a defensive copy
    that is neither kept nor mutated here). Copies that are stored or assigned
    for later mutation are not reported.

    ## Why is this bad
    A deep copy walks the whole object graph: per item of a loop it often costs
    more than the real work. The JSON round trip is slower still and silently
    turns tuples into lists, non-string keys into strings and fails on dates.
    Copy only where the callee mutates, or make the callee not mutate.

    ## Example
    ```python
    for cfg in runs:
        problems = validate(copy.deepcopy(cfg))
    ```

    ## Use instead
    ```python
    for cfg in runs:
        problems = validate(cfg)  # validate() only reads
    ```
    """

    code = "EFF012"
    slug = "copy-in-loop"
    category = Category.EFFICIENCY
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    triggers = (b"deepcopy", b"dumps")

    VALID = [
        "import copy\ndef f(base, n):\n    out = []\n    for i in range(n):\n        cfg = copy.deepcopy(base)\n        cfg['i'] = i\n        out.append(cfg)\n",
        "import copy\ndef f(base, xs):\n    return [copy.deepcopy(base) for x in xs]\n",
        "import json\ndef f(x):\n    return json.loads(json.dumps(x))\n",
    ]
    INVALID = [
        "import copy\ndef f(runs):\n    for r in runs:\n        check(copy.deepcopy(r))  # expect: EFF012\n",
        "import json\ndef f(runs):\n    out = []\n    for r in runs:\n        out.append(json.loads(json.dumps(r)))  # expect: EFF012\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if not real_loops(self.ctx):
            return
        name = self.ctx.call_name(node)
        if name == "json.loads" and node.args and isinstance(node.args[0].value, cst.Call):
            if self.ctx.call_name(node.args[0].value) == "json.dumps":
                self.report(
                    node,
                    "deep copy through a JSON round trip on every iteration: slower than copy.deepcopy and lossy "
                    "(tuples, non-str keys, dates); copy only if the data is mutated, with copy.deepcopy",
                )
            return
        if name != "copy.deepcopy":
            return
        parent = self.ctx.parent
        # parents: ... Call (callee) -> Arg -> this call
        if isinstance(parent, cst.Arg) and len(self.ctx.parents) >= 2:
            owner = self.ctx.parents[-2]
            if isinstance(owner, cst.Call):
                callee = owner.func
                tail = callee.attr.value if isinstance(callee, cst.Attribute) else getattr(callee, "value", "")
                if tail in _STORE_METHODS or tail in ("list", "dict", "tuple", "set"):
                    return
                self.report(
                    node,
                    "deep copy of the whole object on every iteration just to pass it to a call; "
                    "pass the object itself unless the callee mutates it (deepcopy walks the whole object graph)",
                )
