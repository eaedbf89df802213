import libcst as cst

from codeaudit.knowledge.cst_tools import bound_names
from codeaudit.knowledge.deprecated import lookup
from codeaudit.knowledge.resolve import module_names
from codeaudit.knowledge.api_snapshot import known_modules
from codeaudit.knowledge.environment import module_source
from codeaudit.rule import Category, Confidence, PythonRule, Severity


_GUARD_ERRORS = ("AttributeError", "ImportError", "ModuleNotFoundError", "Exception")
_GUARD_TESTS = ("hasattr", "platform", "implementation", "version", "os.name", "PYPY", "pypy", "WIN", "win32",
                "TYPE_CHECKING", "getattr")


def _close(name: str, names) -> str:
    import difflib

    match = difflib.get_close_matches(name, [n for n in names if not n.startswith("_")], n=1, cutoff=0.75)
    return f" (did you mean `{match[0]}`?)" if match else ""


class HallucinatedAttribute(PythonRule):
    """A function, class or attribute that does not exist in the module it is taken from.

    ## What it does
    Checks `from module import name` and `module.name` against the public names
    of the module: the API snapshot shipped with codeaudit (several versions of
    requests, pandas, scikit-learn and the most used standard-library modules,
    merged) and the installed package's source or stubs, read statically.
    Modules that are dynamic (module `__getattr__`, unresolvable star-imports)
    or unknown are never reported, nor are names that were deprecated or
    removed (see AIT005).

    ## Why is this bad
    Assistants invent plausible APIs: `os.path.joinpath`, `json.parse`,
    `requests.get_json`, `from pandas import read_excel_fast`. The code fails
    with `AttributeError`/`ImportError` on the first run of that path, often
    an error path that tests do not reach.

    ## Example
    ```python
    data = json.parse(text)
    ```

    ## Use instead
    ```python
    data = json.loads(text)
    ```
    """

    code = "AIT007"
    slug = "hallucinated-attribute"
    category = Category.AI_TELL
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    triggers = (b"import",)

    VALID = [
        "import os\np = os.path.join('a', 'b')\n",
        "import json\nx = json.loads('1')\n",
        "from pandas import read_excel\n",
        "import json\ndef f(json):\n    return json.parse()\n",
        "import sys\nif sys.implementation.name == 'pypy':\n    v = sys.pypy_version_info\n",
        "import os\ntry:\n    f = os.startfile_fast\nexcept AttributeError:\n    f = None\n",
    ]
    INVALID = [
        "import os\np = os.path.joinpath('a', 'b')  # expect: AIT007\n",
        "import json\nx = json.parse('1')  # expect: AIT007\n",
        "import requests\nr = requests.get_json('http://x', timeout=5)  # expect: AIT007\n",
        "from pandas import read_excel_fast  # expect: AIT007\n",
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._locals: dict[int, set[str]] = {}
        self._known = known_modules()
        self._known_tops = {m.split(".")[0] for m in self._known}

    def _missing(self, module: str, name: str) -> frozenset[str] | None:
        """The module's names when ``name`` is missing from them, else None."""
        if name.startswith("__") or lookup(f"{module}.{name}") is not None:
            return None
        names = module_names(module)
        if names is None or name in names or module_source(f"{module}.{name}") is not None:
            return None
        return names

    def _guarded(self) -> bool:
        """Inside `try/except (AttributeError|ImportError|Exception)` or an `if` on platform/version/hasattr."""
        for parent in self.ctx.parents:
            if isinstance(parent, (cst.Try, cst.TryStar)):
                for handler in parent.handlers:
                    kind = handler.type
                    if kind is None or any(w in self.ctx.code_of(kind) for w in _GUARD_ERRORS):
                        return True
            elif isinstance(parent, (cst.If, cst.IfExp)):
                test = self.ctx.code_of(parent.test)
                if any(w in test for w in _GUARD_TESTS):
                    return True
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.relative or node.module is None or isinstance(node.names, cst.ImportStar):
            return
        module = self.ctx.code_of(node.module)
        if module.split(".")[0] not in {m.split(".")[0] for m in self._known} and "." in module:
            return
        for alias in node.names:
            name = self.ctx.code_of(alias.name)
            names = self._missing(module, name)
            if names is not None and not self._guarded():
                self.report(node, f"`{module}` has no `{name}`{_close(name, names)}: this import fails")
                return

    def visit_Attribute(self, node: cst.Attribute) -> None:
        parent = self.ctx.parent
        if isinstance(parent, cst.Attribute) and parent.value is node:
            return
        head = node
        while isinstance(head, cst.Attribute):
            head = head.value
        if not isinstance(head, cst.Name):
            return
        imported = self.ctx.imports.get(head.value)
        if imported is None or imported.startswith("."):
            return
        top = imported.split(".")[0]
        if top not in self._known_tops and module_names(top) is None:
            return  # nothing known about this package: stay silent, cheaply
        func = self.ctx.function
        if func is not None:
            key = id(func)
            if key not in self._locals:
                local = bound_names(func.body) if isinstance(func, cst.FunctionDef) else set()
                params = func.params
                local |= {p.name.value for p in params.params + params.kwonly_params + params.posonly_params}
                self._locals[key] = local
            if head.value in self._locals[key]:
                return
        qualified = self.ctx.qualified_name(node)
        if not qualified:
            return
        parts = qualified.split(".")
        for end in range(len(parts) - 1, 0, -1):
            module = ".".join(parts[:end])
            if module in self._known or end == 1:
                names = self._missing(module, parts[end])
                if names is not None and (module in self._known or module_names(module) is not None) and not self._guarded():
                    self.report(node, f"`{module}` has no attribute `{parts[end]}`{_close(parts[end], names)}: "
                                      "this raises AttributeError when it runs")
                return
