import libcst as cst

from codeaudit.analysis.helpers import arg
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_SAFE_LOADERS = frozenset({"SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"})
_UNSAFE_CALLS = frozenset({"yaml.unsafe_load", "yaml.unsafe_load_all", "ruamel.yaml.load"})


class UnsafeYamlLoad(PythonRule):
    """`yaml.load` without a safe loader.

    ## What it does
    Reports `yaml.load`/`yaml.load_all` with no loader or with `Loader`, `UnsafeLoader`,
    `FullLoader` (or their C versions), and `yaml.unsafe_load`.

    ## Why is this bad
    The full loaders build arbitrary Python objects from tags such as
    `!!python/object/apply:os.system`, so a YAML document from a webhook, upload or
    config repository runs code.

    ## Example
    ```python
    data = yaml.load(text, Loader=yaml.Loader)
    ```

    ## Use instead
    ```python
    data = yaml.safe_load(text)
    ```
    """

    code = "SEC006"
    slug = "unsafe-yaml-load"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (502,)
    triggers = (b"yaml",)

    VALID = [
        "import yaml\ndata = yaml.safe_load(text)\n",
        "import yaml\ndata = yaml.load(text, Loader=yaml.SafeLoader)\n",
        "import yaml\nfrom yaml import CSafeLoader\ndata = yaml.load(text, CSafeLoader)\n",
    ]
    INVALID = [
        "import yaml\ndata = yaml.load(text, Loader=yaml.Loader)  # expect: SEC006\n",
        "import yaml\ndata = yaml.load(text)  # expect: SEC006\n",
        "import yaml\ndata = yaml.unsafe_load(text)  # expect: SEC006\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        name = self.ctx.call_name(node)
        if name in _UNSAFE_CALLS:
            self.report(node, f"{name}() builds arbitrary Python objects from YAML tags; use yaml.safe_load()")
            return
        if name not in ("yaml.load", "yaml.load_all"):
            return
        loader = arg(node, 1, "Loader")
        if loader is not None:
            loader_name = (self.ctx.qualified_name(loader) or "").rsplit(".", 1)[-1]
            if loader_name in _SAFE_LOADERS or loader_name == "" and not isinstance(loader, (cst.Name, cst.Attribute)):
                return
            if loader_name == "":
                return
        self.report(node, f"{name}() without SafeLoader can build arbitrary Python objects "
                          "(e.g. !!python/object/apply:os.system); use yaml.safe_load()")  # fmt: skip
