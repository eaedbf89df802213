import libcst as cst

from codeaudit.rule import Category, Confidence, PythonRule, Severity

_MUTABLE_CALLS = {"list", "dict", "set", "collections.defaultdict", "collections.OrderedDict"}


class MutableDefaultArgument(PythonRule):
    """A list, dict or set used as a parameter default.

    ## What it does
    Reports parameters whose default is a list, dict or set display or a call
    creating one.

    ## Why is this bad
    The default is created once, when the function is defined, and shared by every
    call: items appended in one call show up in the next.

    ## Example
    ```python
    def add_tag(tag, tags=[]):
        tags.append(tag)
        return tags
    ```

    ## Use instead
    ```python
    def add_tag(tag, tags=None):
        tags = [] if tags is None else tags
        tags.append(tag)
        return tags
    ```
    """

    code = "ABS001"
    slug = "mutable-default-argument"
    category = Category.ABSTRACTION
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH

    VALID = ["def f(x, items=None, names=()):\n    return items\n"]
    INVALID = [
        "def f(x, items=[]):  # expect: ABS001\n    items.append(x)\n",
        "def g(cache={}, *, seen=set()):  # expect: ABS001\n    return cache\n",
    ]

    def visit_Param(self, node: cst.Param) -> None:
        default = node.default
        if isinstance(default, (cst.List, cst.Dict, cst.Set, cst.ListComp, cst.DictComp, cst.SetComp)) or (
            isinstance(default, cst.Call) and self.ctx.call_name(default) in _MUTABLE_CALLS
        ):
            self.report(node, f"mutable default for `{node.name.value}` is shared between calls; default to None")
