import libcst as cst

from codeaudit.knowledge.deprecated import METHODS, NAMES, Deprecation, lookup
from codeaudit.knowledge.manifests import project_of
from codeaudit.knowledge.versions import applies
from codeaudit.rule import Category, Confidence, PythonRule, Severity

#: Receivers that name a DataFrame/Series (custom classes such as cookie jars define their own iteritems()).
_FRAME_NAME = __import__("re").compile(r"(^|[._])(df|frame|series|ser)(\d*|_\w+)?$|_df$|^df_", __import__("re").I)
_LOGGER_NAMES = {"log", "logger", "logging_", "_log", "_logger", "LOG".lower(), "LOGGER".lower()}
_PANDAS_APPEND_KWARGS = {"ignore_index", "verify_integrity", "sort"}
_TRIGGERS = (
    b"utcnow", b"utcfromtimestamp", b"warn(", b"wrap_socket", b"match_hostname", b"get_event_loop", b"coroutine",
    b"getargspec", b"clock", b"codestring", b"linux_distribution", b"platform.dist", b"cgi", b"fractions", b"os.errno",
    b"cElementTree", b"getdefaultlocale", b"makeSuite", b"findTestCases", b"ByteString", b"_loader", b"import imp",
    b" imp,", b", imp", b"distutils", b"asynchat", b"asyncore", b"smtpd", b"telnetlib", b"pipes", b"imghdr",
    b"import crypt", b"nntplib", b"import uu", b"sndhdr", b"spwd", b"xdrlib", b"mailcap", b"audioop", b"lib2to3",
    b"binhex", b"pkg_resources", b"numpy", b"pandas", b"openai", b"pydantic", b"langchain", b"sqlalchemy",
    b"collections", b"assertEquals", b"assertNotEquals", b"assertItemsEqual", b"assertRegexpMatches",
    b"assertRaisesRegexp", b"assertAlmostEquals", b"failUnless", b"failIf", b"assert_(", b"ignore_index",
    b"verify_integrity", b".append(", b"iteritems", b"isAlive", b"getiterator", b"bad_lines", b".ix[", b"PROTOCOL_",
    b"currentThread", b"activeCount", b"sre_", b"locale", b"ANTIALIAS", b"Image.LINEAR", b"Image.CUBIC",
    b"has_key", b"itervalues", b"iterkeys", b"SafeConfigParser", b"ImageFont", b"ImageDraw",
)
#: Python 2 dict methods, reported on names bound only to dict displays / dict() in the file.
_DICT_METHODS = frozenset({"has_key", "iteritems", "itervalues", "iterkeys"})
#: First components of the table's names: attribute chains starting elsewhere are skipped at once.
_HEADS = frozenset(name.split(".")[0] for name in NAMES)
#: Method names with an entry in METHODS (checked on receivers of a known kind).
_KIND_METHODS = frozenset(
    key.split(".", 1)[1] for key in METHODS if key.split(".")[0].endswith(("-engine", "-model", "-font", "-draw"))
)


#: Bytes without which no name in the file can hold an engine or LLM object (skips a whole-file walk).
_BINDING_TRIGGERS = (b"create_engine", b"langchain", b"ImageFont", b"ImageDraw")

class DeprecatedApi(PythonRule):
    """An API that is deprecated or removed in the Python or library version the project uses.

    ## What it does
    Looks up imports, attribute chains and a few method calls in a versioned
    table of deprecated and removed APIs (standard library by Python version;
    numpy, pandas, openai, pydantic, SQLAlchemy, LangChain and Pillow by
    library version; Python 2 dict methods such as `has_key` on names bound
    to dicts) and names the replacement. The project's `requires-python` and
    declared dependency versions (pyproject.toml, requirements*.txt, setup.cfg,
    Pipfile, lock files), or else the installed version, decide whether the
    entry applies; a project pinned to an old version is left alone.

    ## Why is this bad
    Assistants learned from years of old code: `datetime.utcnow()`,
    `openai.ChatCompletion.create`, `np.float`, `DataFrame.append`,
    `engine.execute` and pydantic v1 validators either warn today or fail
    outright on the versions the project declares.

    ## Example
    ```python
    import openai
    reply = openai.ChatCompletion.create(model=MODEL, messages=msgs)  # openai>=1.0
    ```

    ## Use instead
    ```python
    from openai import OpenAI
    reply = OpenAI().chat.completions.create(model=MODEL, messages=msgs)
    ```
    """

    code = "AIT005"
    slug = "deprecated-api"
    category = Category.AI_TELL
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    triggers = _TRIGGERS

    VALID = [
        "from datetime import datetime, timezone\nnow = datetime.now(timezone.utc)\n",
        "import logging\nlogging.warning('x')\n",
        "import asyncio\ndef main():\n    loop = asyncio.get_event_loop()\n",
        "from collections.abc import Mapping\n",
        "def f(parser):\n    return parser.parse()\n",
        "def f(rows):\n    out = []\n    out.append(rows)\n    return out\n",
        "import warnings\nwarnings.warn('old')\n",
        "class Jar:\n    def items(self):\n        return list(self.iteritems())\n",
        "from django.core.cache import cache\ndef f(k):\n    return cache.has_key(k)\n",
        "def f(store, k):\n    return store.has_key(k)\n",
        "from PIL import Image\ndef f(im):\n    return im.resize((64, 64), Image.LANCZOS)\n",
        "from PIL import ImageFont\nfont = ImageFont.truetype('DejaVuSans.ttf', 12)\nbox = font.getbbox('hi')\n",
        "import configparser\nparser = configparser.ConfigParser()\n",
        "def f(layout):\n    return layout.textsize('x')\n",
    ]
    INVALID = [
        "from datetime import datetime\nnow = datetime.utcnow()  # expect: AIT005\n",
        "import collections\nok = isinstance({}, collections.Mapping)  # expect: AIT005\n",
        "import imp  # expect: AIT005\n",
        "import openai\nr = openai.ChatCompletion.create(model='m', messages=[])  # expect: AIT005\n",
        "import numpy as np\nx = np.float(3)  # expect: AIT005\n",
        "import asyncio\nasync def main():\n    loop = asyncio.get_event_loop()  # expect: AIT005\n",
        "def f(df, row):\n    return df.append(row, ignore_index=True)  # expect: AIT005\n",
        "def f(df, row):\n    df = df.append(row)  # expect: AIT005\n    return df\n",
        "def f(df):\n    for k, v in df.iteritems():  # expect: AIT005\n        print(k, v)\n",
        "import logging\nlog = logging.getLogger(__name__)\nlog.warn('disk almost full')  # expect: AIT005\n",
        "import pandas as pd\ndf = pd.read_csv('a.csv', error_bad_lines=False)  # expect: AIT005\n",
        "from sqlalchemy import create_engine\nengine = create_engine('sqlite://')\nrows = engine.execute('select 1')  # expect: AIT005\n",
        "from PIL import Image\ndef f(im):\n    im.thumbnail((128, 128), Image.ANTIALIAS)  # expect: AIT005\n",
        "import PIL.Image\ndef f(im):\n    return im.resize((9, 9), PIL.Image.CUBIC)  # expect: AIT005\n",
        "DEFAULTS = {'workers': 4}\ndef f(name):\n    return DEFAULTS.has_key(name)  # expect: AIT005\n",
        "def f(rows):\n    totals = dict()\n    for k, v in totals.iteritems():  # expect: AIT005\n        print(k, v)\n",
        "import os\nif os.environ.has_key('HOME'):  # expect: AIT005\n    pass\n",
        "from PIL import ImageFont\nfont = ImageFont.truetype('DejaVuSans.ttf', 12)\nw, h = font.getsize('hello')  # expect: AIT005\n",
        "from PIL import Image, ImageDraw\nimg = Image.new('RGB', (9, 9))\ndraw = ImageDraw.Draw(img)\nw, h = draw.textsize('hi')  # expect: AIT005\n",
        "import configparser\nparser = configparser.SafeConfigParser()  # expect: AIT005\n",
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._project = None
        self._project_loaded = False
        self._pydantic_models: set[str] | None = None
        self._seen_lines: set[int] = set()

    # -- helpers -----------------------------------------------------------
    def _applies(self, entry: Deprecation):
        if not self._project_loaded:
            self._project_loaded = True
            try:
                self._project = project_of(self.ctx)
            except OSError:
                self._project = None
        return applies(entry, self._project)

    def _emit(self, node, name: str, entry: Deprecation) -> None:
        verdict = self._applies(entry)
        if verdict is False:
            return
        confidence = Confidence.HIGH if verdict else (Confidence.HIGH if entry.dist == "python" else Confidence.MEDIUM)
        self.report(
            node,
            f"`{name}` is {entry.when()}; use {entry.replacement}",
            confidence=confidence,
        )

    def _imported_head(self, node) -> bool:
        while isinstance(node, cst.Attribute):
            node = node.value
        return isinstance(node, cst.Name) and node.value in self.ctx.imports

    # -- imports -------------------------------------------------------------
    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            dotted = self.ctx.code_of(alias.name)
            hit = lookup(dotted)
            if hit:
                self._emit(node, hit[0], hit[1])
                return

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.relative or node.module is None:
            return
        module = self.ctx.code_of(node.module)
        hit = lookup(module)
        if hit:
            self._emit(node, hit[0], hit[1])
            return
        if isinstance(node.names, cst.ImportStar):
            return
        for alias in node.names:
            hit = lookup(f"{module}.{self.ctx.code_of(alias.name)}")
            if hit:
                self._emit(node, hit[0], hit[1])
                return

    # -- attribute chains and decorated names -------------------------------------
    def visit_Attribute(self, node: cst.Attribute) -> None:
        parent = self.ctx.parent
        if isinstance(parent, cst.Attribute) and parent.value is node:
            return  # only the outermost attribute of a chain
        head = node.value
        while isinstance(head, cst.Attribute):
            head = head.value
        if not isinstance(head, cst.Name):
            return
        imported = self.ctx.imports.get(head.value)
        if imported is None or imported.split(".")[0] not in _HEADS:
            return
        qualified = self.ctx.qualified_name(node)
        if not qualified:
            return
        hit = lookup(qualified)
        if hit is None:
            return
        name, entry = hit
        if "." not in name:
            return  # a deprecated module: its import is reported once, not every use
        if entry.async_only and not self.ctx.in_async_function:
            return
        self._emit(node, name, entry)

    def visit_Decorator(self, node: cst.Decorator) -> None:
        expr = node.decorator.func if isinstance(node.decorator, cst.Call) else node.decorator
        if isinstance(expr, cst.Name) and expr.value in self.ctx.imports:
            hit = lookup(self.ctx.imports[expr.value])
            if hit:
                self._emit(node, hit[0], hit[1])

    # -- methods on objects of a known kind ----------------------------------------
    def _models(self) -> set[str]:
        if self._pydantic_models is None:
            models: set[str] = set()
            changed = True
            classes = [s for s in self.ctx.module.body if isinstance(s, cst.ClassDef)]
            while changed:
                changed = False
                for cls in classes:
                    if cls.name.value in models:
                        continue
                    for base in cls.bases:
                        q = self.ctx.qualified_name(base.value) or ""
                        if q in ("pydantic.BaseModel", "pydantic.main.BaseModel") or q in models:
                            models.add(cls.name.value)
                            changed = True
            self._pydantic_models = models
        return self._pydantic_models

    def _kind_of(self, receiver) -> str | None:
        """What a Name holds, from the assignment that bound it in this file (cheap, local)."""
        if not isinstance(receiver, cst.Name):
            return None
        if receiver.value in self._models():
            return "pydantic-class"
        return self._bindings().get(receiver.value)

    def _bindings(self) -> dict[str, str]:
        if not hasattr(self, "_bound") and not any(t in self.ctx.source.data for t in _BINDING_TRIGGERS) and not self._models():
            self._bound: dict[str, str] = {}  # nothing in the file can bind an engine, an LLM or a model
        if not hasattr(self, "_bound"):
            from codeaudit.knowledge.cst_tools import walk

            bound: dict[str, str] = {}
            models = self._models()
            for n in walk(self.ctx.module, into_scopes=True):
                if isinstance(n, cst.Assign) and isinstance(n.value, cst.Call) and len(n.targets) == 1:
                    target = n.targets[0].target
                    if not isinstance(target, cst.Name):
                        continue
                    callee = self.ctx.call_name(n.value) or ""
                    if callee == "sqlalchemy.create_engine":
                        bound[target.value] = "sqlalchemy-engine"
                    elif isinstance(n.value.func, cst.Name) and n.value.func.value in models:
                        bound[target.value] = "pydantic-model"
                    elif callee.startswith("PIL.ImageFont."):
                        bound[target.value] = "pillow-font"
                    elif callee == "PIL.ImageDraw.Draw":
                        bound[target.value] = "pillow-draw"
                    elif callee.startswith(("langchain.llms.", "langchain_community.llms.", "langchain.chat_models.", "langchain_openai.", "langchain_community.chat_models.")):
                        bound[target.value] = "langchain-llm"
            self._bound = bound
        return self._bound

    def _dict_name(self, receiver) -> bool:
        """Is ``receiver`` a name that every assignment in the file binds to a dict display or dict(...)?"""
        if not isinstance(receiver, cst.Name):
            return False
        if not hasattr(self, "_dicts"):
            from codeaudit.knowledge.cst_tools import walk

            kinds: dict[str, bool] = {}
            for n in walk(self.ctx.module, into_scopes=True):
                if isinstance(n, (cst.Assign, cst.AnnAssign)) and n.value is not None:
                    targets = [t.target for t in n.targets] if isinstance(n, cst.Assign) else [n.target]
                    value = n.value
                    is_dict = isinstance(value, (cst.Dict, cst.DictComp)) or (
                        isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value == "dict")
                    for t in targets:
                        if isinstance(t, cst.Name):
                            kinds[t.value] = kinds.get(t.value, True) and is_dict
                elif isinstance(n, (cst.Param, cst.For, cst.AugAssign)):
                    target = n.name if isinstance(n, cst.Param) else n.target
                    if isinstance(target, cst.Name):
                        kinds[target.value] = False
            self._dicts = {name for name, ok in kinds.items() if ok}
        return receiver.value in self._dicts

    def visit_Subscript(self, node: cst.Subscript) -> None:
        value = node.value
        if isinstance(value, cst.Attribute) and value.attr.value == "ix" and isinstance(value.value, (cst.Name, cst.Attribute)):
            self._emit(node, ".ix[]", METHODS["pandas-frame.ix"])

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Name):
            if self._kind_of(func) == "langchain-llm":
                self._emit(node, f"{func.value}(...)", METHODS["langchain-llm.__call__"])
            return
        if not isinstance(func, cst.Attribute):
            return
        method = func.attr.value
        if method == "append" and (
            any(a.keyword is not None and a.keyword.value in _PANDAS_APPEND_KWARGS for a in node.args)
            or _rebinds_receiver(self.ctx.parent, func.value)
        ):
            # list.append returns None, so `df = df.append(...)` only makes sense on a DataFrame/Series
            self._emit(node, "DataFrame.append", METHODS["pandas-frame.append"])
            return
        if method == "warn" and isinstance(func.value, (cst.Name, cst.Attribute)) and self.ctx.code_of(func.value).split(".")[-1].lower().lstrip("_") in _LOGGER_NAMES:
            self._emit(node, f"{self.ctx.code_of(func.value)}.warn", METHODS["logger.warn"])
            return
        if method == "isAlive" and not node.args:
            self._emit(node, "Thread.isAlive()", METHODS["thread.isAlive"])
            return
        if method == "getiterator":
            self._emit(node, "Element.getiterator()", METHODS["etree.getiterator"])
            return
        if method in ("read_csv", "read_table") and (self.ctx.call_name(node) or "") in ("pandas.read_csv", "pandas.read_table") and any(
            a.keyword is not None and a.keyword.value in ("error_bad_lines", "warn_bad_lines") for a in node.args
        ):
            self._emit(node, "read_csv(error_bad_lines=...)", METHODS["pandas.read_csv.error_bad_lines"])
            return
        if method in _DICT_METHODS and self._dict_name(func.value):
            self._emit(node, f"dict.{method}()", METHODS[f"dict.{method}"])
            return
        if method == "iteritems" and not node.args and _FRAME_NAME.search(self.ctx.code_of(func.value)):
            self._emit(node, "iteritems()", METHODS["pandas-frame.iteritems"])
            return
        if method.startswith(("assert", "fail")) and isinstance(func.value, cst.Name) and func.value.value == "self":
            entry = METHODS.get(f"unittest.{method}")
            if entry is not None:
                self._emit(node, f"self.{method}", entry)
            return
        if method not in _KIND_METHODS:
            return
        kind = self._kind_of(func.value)
        if kind is None:
            return
        if kind == "pydantic-class":
            kind = "pydantic-model"
            if method not in ("parse_obj", "parse_raw", "schema"):
                return
        entry = METHODS.get(f"{kind}.{method}")
        if entry is not None:
            self._emit(node, f"{kind.split('-')[0]} {method}()", entry)


def _rebinds_receiver(parent, receiver) -> bool:
    return (
        isinstance(parent, cst.Assign)
        and isinstance(receiver, cst.Name)
        and len(parent.targets) == 1
        and isinstance(parent.targets[0].target, cst.Name)
        and parent.targets[0].target.value == receiver.value
    )
