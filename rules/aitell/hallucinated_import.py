import libcst as cst

from codeaudit.knowledge import package_index
from codeaudit.knowledge.manifests import project_of
from codeaudit.knowledge.resolve import module_is_known
from codeaudit.knowledge.tests_shape import is_test_file
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}


class HallucinatedImport(PythonRule):
    """An import of a package that does not seem to exist anywhere.

    ## What it does
    Reports top-level imports of modules that are not in the standard library,
    not part of the repository, not installed in the active environment (read
    from distribution metadata, never imported), not declared in the project's
    manifests (pyproject.toml, requirements*.txt, setup.cfg, Pipfile, poetry or
    uv locks) and not a known popular distribution. Offline by default; with
    `codeaudit scan --online` (or `online = true`) the package index is asked
    whether a distribution of that name exists: one that exists is not
    reported, one that does not is reported with high confidence, and an
    unreachable index falls back to the offline answer with a note. Guarded imports (`try: ... except ImportError`), imports under
    `TYPE_CHECKING`, dotted internal imports and test files are skipped.
    Confidence is medium when the project has a manifest the module is missing
    from, low when the tool cannot know (no manifest found).

    ## Why is this bad
    Models suggest package names that do not exist (about one in five in some
    studies). Besides failing at import time, such names are registered by
    attackers ("slopsquatting") so that `pip install` of the suggestion runs
    their code.

    ## Example
    ```python
    import fastjsonx
    ```

    ## Use instead
    Use a real, declared package (`import orjson`, listed in requirements.txt),
    after checking its name and publisher on the index.
    """

    code = "AIT006"
    slug = "hallucinated-import"
    category = Category.AI_TELL
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    triggers = (b"import",)
    options = {"online": False, "index-url": None}

    VALID = [
        "import os\nimport flask\nimport requests\nfrom yaml import safe_load\n",
        "try:\n    import ujsonx_fast\nexcept ImportError:\n    ujsonx_fast = None\n",
        "from app.models import User\nfrom . import sibling\n",
    ]
    INVALID = [
        "import fastjsonx_turbo  # expect: AIT006\n",
        "from pandaz_accel import read  # expect: AIT006\n",
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._project = None
        self._loaded = False

    def _project_info(self):
        if not self._loaded:
            self._loaded = True
            try:
                self._project = project_of(self.ctx)
            except OSError:
                self._project = None
        return self._project

    def _guarded(self) -> bool:
        for parent in self.ctx.parents:
            if isinstance(parent, cst.Try):
                for handler in parent.handlers:
                    kind = handler.type
                    names = [e.value for e in kind.elements] if isinstance(kind, cst.Tuple) else [kind]
                    if kind is None or any(self.ctx.code_of(n).split(".")[-1] in _IMPORT_ERRORS for n in names if n is not None):
                        return True
            if isinstance(parent, cst.If) and "TYPE_CHECKING" in self.ctx.code_of(parent.test):
                return True
        return False

    def _check(self, node, dotted: str) -> None:
        if "." in dotted or not dotted.isidentifier():
            return  # dotted imports are mostly internal packages; cannot tell offline
        if is_test_file(self.ctx.path):
            return
        project = self._project_info()
        if module_is_known(dotted, project) is not None or self._guarded():
            return
        if self.option("online"):
            base = package_index.index_url(self.option("index-url"))
            found, error = package_index.exists(dotted, base)
            if found:
                return
            if found is False:
                self.report(node, f"no distribution named `{dotted}` on the package index ({base}) and it is not in the "
                                  "standard library, the repository or the environment: a hallucinated package name; "
                                  "do not install a look-alike, use the real package", confidence=Confidence.HIGH)
                return
            self.ctx.notes.append(("online", f"package index not asked ({error}); offline answer for `{dotted}`"))
        if project is not None and project.has_manifest:
            where = ", ".join(sorted({p.name for p in project.manifests}))
            self.report(node, f"`{dotted}` is not in the standard library, the repository, the environment, the project's "
                              f"manifests ({where}) or the known packages: possibly a hallucinated package name; "
                              "check it exists on the index before installing anything")
        else:
            self.report(node, f"`{dotted}` is not in the standard library, the repository, the environment or the known "
                              "packages and no manifest was found: cannot verify offline; check the name exists",
                        confidence=Confidence.LOW)

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            self._check(node, self.ctx.code_of(alias.name))

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.relative or node.module is None:
            return
        self._check(node, self.ctx.code_of(node.module))
