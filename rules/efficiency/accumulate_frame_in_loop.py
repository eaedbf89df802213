import libcst as cst

from codeaudit.knowledge.cst_tools import read_names
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_CONCAT = {"pandas.concat", "numpy.append", "numpy.concatenate", "numpy.vstack", "numpy.hstack"}


class AccumulateFrameInLoop(PythonRule):
    """A DataFrame or array grown one piece at a time inside a loop.

    ## What it does
    Reports `acc = pd.concat([acc, piece])`, `acc = np.append(acc, x)` (and
    `np.concatenate`/`vstack`/`hstack`) and `acc = acc.append(row)` on a
    DataFrame, inside a loop, where the result replaces one of the inputs.

    ## Why is this bad
    Every step copies everything accumulated so far: O(n²) time and memory
    churn. (`DataFrame.append` was also removed in pandas 2.0.) Collect the
    pieces in a list and combine them once after the loop.

    ## Example
    ```python
    combined = pd.DataFrame()
    for path in paths:
        combined = pd.concat([combined, pd.read_csv(path)])
    ```

    ## Use instead
    ```python
    combined = pd.concat([pd.read_csv(path) for path in paths], ignore_index=True)
    ```
    """

    code = "EFF009"
    slug = "accumulate-frame-in-loop"
    category = Category.EFFICIENCY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    triggers = (b"concat", b"append", b"stack")

    VALID = [
        "import pandas as pd\ndef f(paths):\n    return pd.concat([pd.read_csv(p) for p in paths])\n",
        "import numpy as np\ndef f(a, b):\n    return np.append(a, b)\n",
        "def f(xs):\n    out = []\n    for x in xs:\n        out.append(x)\n    return out\n",
    ]
    INVALID = [
        "import pandas as pd\ndef f(paths):\n    acc = pd.DataFrame()\n    for p in paths:\n        acc = pd.concat([acc, pd.read_csv(p)])  # expect: EFF009\n",
        "import numpy as np\ndef f(xs):\n    r = np.array([])\n    for x in xs:\n        r = np.append(r, x * 2)  # expect: EFF009\n",
        "def f(df, rows):\n    for row in rows:\n        df = df.append(row, ignore_index=True)  # expect: EFF009\n",
    ]

    def visit_Assign(self, node: cst.Assign) -> None:
        if not self.ctx.in_loop or len(node.targets) != 1 or not isinstance(node.targets[0].target, cst.Name):
            return
        target = node.targets[0].target.value
        call = node.value
        if not isinstance(call, cst.Call) or not call.args:
            return
        name = self.ctx.call_name(call)
        if name in _CONCAT:
            if target in read_names(call.args[0].value):
                short = name.split(".")[-1]
                lib = "pd" if name.startswith("pandas") else "np"
                self.report(
                    node,
                    f"`{target} = {lib}.{short}({target}, ...)` in a loop copies all accumulated data each time (O(n²)); "
                    f"collect the pieces in a list and call {lib}.{short} once after the loop",
                )
        elif (
            isinstance(call.func, cst.Attribute)
            and call.func.attr.value == "append"
            and isinstance(call.func.value, cst.Name)
            and call.func.value.value == target
        ):
            # list.append returns None, so `x = x.append(...)` only makes sense on a DataFrame/Series
            self.report(
                node,
                f"`{target} = {target}.append(...)` in a loop copies the whole DataFrame each time (O(n²)) and "
                "DataFrame.append was removed in pandas 2.0; collect rows in a list and build/concat once",
            )
