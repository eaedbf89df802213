"""Deprecated and removed APIs, versioned, with their replacements.

Keys are qualified names as ``FileContext.qualified_name`` gives them
(import aliases resolved). ``python`` entries are versions of CPython;
``dist`` entries are versions of a third-party distribution and are checked
against the project's declared (or installed) version of that distribution.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Deprecation:
    replacement: str
    #: "python" or a distribution name
    dist: str = "python"
    deprecated: str = ""
    removed: str = ""
    #: only inside `async def` (e.g. asyncio.get_event_loop)
    async_only: bool = False

    def when(self) -> str:
        who = "Python" if self.dist == "python" else self.dist
        if self.removed:
            return f"removed in {who} {self.removed}"
        return f"deprecated since {who} {self.deprecated}"

    @property
    def version(self) -> str:
        return self.deprecated or self.removed


D = Deprecation
_ABCS = ("Mapping", "MutableMapping", "Sequence", "MutableSequence", "Set", "MutableSet", "Iterable", "Iterator",
         "Callable", "Hashable", "Sized", "Container", "Generator", "Awaitable", "Coroutine", "AsyncIterable",
         "AsyncIterator", "KeysView", "ItemsView", "ValuesView", "MappingView")

#: Names (modules, functions, classes, attributes) -> deprecation.
NAMES: dict[str, Deprecation] = {
    # --- standard library -------------------------------------------------
    "datetime.datetime.utcnow": D("datetime.now(timezone.utc) (naive UTC datetimes are error-prone)", deprecated="3.12"),
    "datetime.datetime.utcfromtimestamp": D("datetime.fromtimestamp(ts, timezone.utc)", deprecated="3.12"),
    "logging.warn": D("logging.warning", deprecated="3.3", removed="3.13"),
    "ssl.wrap_socket": D("ssl.create_default_context().wrap_socket(sock, server_hostname=...)", deprecated="3.7", removed="3.12"),
    "ssl.match_hostname": D("hostname checking of SSLContext (check_hostname=True)", removed="3.12"),
    "asyncio.get_event_loop": D("asyncio.get_running_loop() inside a coroutine", deprecated="3.10", async_only=True),
    "asyncio.coroutine": D("async def", removed="3.11"),
    "asyncio.async": D("asyncio.ensure_future / asyncio.create_task", removed="3.10"),
    "inspect.getargspec": D("inspect.signature or inspect.getfullargspec", removed="3.11"),
    "time.clock": D("time.perf_counter or time.process_time", removed="3.8"),
    "base64.encodestring": D("base64.encodebytes", removed="3.9"),
    "base64.decodestring": D("base64.decodebytes", removed="3.9"),
    "platform.linux_distribution": D("the distro package or platform.freedesktop_os_release()", removed="3.8"),
    "platform.dist": D("the distro package or platform.freedesktop_os_release()", removed="3.8"),
    "cgi.escape": D("html.escape", removed="3.8"),
    "fractions.gcd": D("math.gcd", removed="3.9"),
    "os.errno": D("import errno", removed="3.7"),
    "xml.etree.cElementTree": D("xml.etree.ElementTree", removed="3.9"),
    "locale.getdefaultlocale": D("locale.getlocale / locale.setlocale", deprecated="3.11"),
    "unittest.makeSuite": D("unittest.TestLoader().loadTestsFromTestCase", removed="3.13"),
    "unittest.findTestCases": D("unittest.TestLoader().loadTestsFromModule", removed="3.13"),
    "typing.ByteString": D("collections.abc.Buffer or bytes", deprecated="3.12"),
    "ssl.PROTOCOL_TLS": D("ssl.PROTOCOL_TLS_CLIENT / PROTOCOL_TLS_SERVER (or ssl.create_default_context())", deprecated="3.10"),
    "ssl.PROTOCOL_SSLv23": D("ssl.PROTOCOL_TLS_CLIENT (or ssl.create_default_context())", deprecated="3.6"),
    "ssl.PROTOCOL_TLSv1": D("ssl.create_default_context() with minimum_version = TLSVersion.TLSv1_2", deprecated="3.6"),
    "ssl.PROTOCOL_TLSv1_1": D("ssl.create_default_context() with minimum_version = TLSVersion.TLSv1_2", deprecated="3.6"),
    "threading.currentThread": D("threading.current_thread", deprecated="3.10"),
    "threading.activeCount": D("threading.active_count", deprecated="3.10"),
    "locale.format": D("locale.format_string", removed="3.12"),
    "sre_compile": D("re", deprecated="3.11"),
    "sre_parse": D("re", deprecated="3.11"),
    "sre_constants": D("re", deprecated="3.11"),
    "pkgutil.find_loader": D("importlib.util.find_spec", deprecated="3.12"),
    "pkgutil.get_loader": D("importlib.util.find_spec", deprecated="3.12"),
    "imp": D("importlib (importlib.util.spec_from_file_location / module_from_spec)", deprecated="3.4", removed="3.12"),
    "distutils": D("setuptools / packaging (e.g. packaging.version, shutil.which, sysconfig); strtobool: write it", deprecated="3.10", removed="3.12"),
    "asynchat": D("asyncio", removed="3.12"),
    "asyncore": D("asyncio", removed="3.12"),
    "smtpd": D("aiosmtpd", removed="3.12"),
    "cgi": D("email.message / urllib.parse.parse_qs / a web framework", deprecated="3.11", removed="3.13"),
    "cgitb": D("traceback / logging", deprecated="3.11", removed="3.13"),
    "telnetlib": D("telnetlib3 or asyncssh", deprecated="3.11", removed="3.13"),
    "pipes": D("shlex.quote / subprocess", deprecated="3.11", removed="3.13"),
    "imghdr": D("filetype or Pillow", deprecated="3.11", removed="3.13"),
    "crypt": D("hashlib.scrypt / passlib / bcrypt", deprecated="3.11", removed="3.13"),
    "nntplib": D("a maintained NNTP package", removed="3.13"),
    "uu": D("base64", removed="3.13"),
    "sndhdr": D("filetype", removed="3.13"),
    "spwd": D("python-pam", removed="3.13"),
    "xdrlib": D("struct", removed="3.13"),
    "mailcap": D("mimetypes", removed="3.13"),
    "audioop": D("numpy / soundfile", removed="3.13"),
    "lib2to3": D("libcst / parso / ast", removed="3.13"),
    "binhex": D("base64 / binascii", removed="3.11"),
    "pkg_resources": D("importlib.metadata / importlib.resources / packaging", dist="setuptools", deprecated="67.5"),
    # --- numpy 1.24 / 2.0 -------------------------------------------------
    "numpy.float": D("float or numpy.float64", dist="numpy", removed="1.24"),
    "numpy.int": D("int or numpy.int64", dist="numpy", removed="1.24"),
    "numpy.bool": D("bool or numpy.bool_", dist="numpy", removed="1.24"),
    "numpy.object": D("object", dist="numpy", removed="1.24"),
    "numpy.str": D("str", dist="numpy", removed="1.24"),
    "numpy.complex": D("complex or numpy.complex128", dist="numpy", removed="1.24"),
    "numpy.long": D("int or numpy.int64", dist="numpy", removed="1.24"),
    "numpy.unicode": D("str", dist="numpy", removed="1.24"),
    "numpy.float_": D("numpy.float64", dist="numpy", removed="2.0"),
    "numpy.complex_": D("numpy.complex128", dist="numpy", removed="2.0"),
    "numpy.string_": D("numpy.bytes_", dist="numpy", removed="2.0"),
    "numpy.unicode_": D("numpy.str_", dist="numpy", removed="2.0"),
    "numpy.NaN": D("numpy.nan", dist="numpy", removed="2.0"),
    "numpy.NAN": D("numpy.nan", dist="numpy", removed="2.0"),
    "numpy.Inf": D("numpy.inf", dist="numpy", removed="2.0"),
    "numpy.Infinity": D("numpy.inf", dist="numpy", removed="2.0"),
    "numpy.PINF": D("numpy.inf", dist="numpy", removed="2.0"),
    "numpy.NINF": D("-numpy.inf", dist="numpy", removed="2.0"),
    "numpy.bool8": D("numpy.bool_", dist="numpy", removed="2.0"),
    "numpy.int0": D("numpy.intp", dist="numpy", removed="2.0"),
    "numpy.uint0": D("numpy.uintp", dist="numpy", removed="2.0"),
    "numpy.object0": D("numpy.object_", dist="numpy", removed="2.0"),
    "numpy.str0": D("numpy.str_", dist="numpy", removed="2.0"),
    "numpy.bytes0": D("numpy.bytes_", dist="numpy", removed="2.0"),
    "numpy.void0": D("numpy.void", dist="numpy", removed="2.0"),
    "numpy.product": D("numpy.prod", dist="numpy", removed="2.0"),
    "numpy.cumproduct": D("numpy.cumprod", dist="numpy", removed="2.0"),
    "numpy.sometrue": D("numpy.any", dist="numpy", removed="2.0"),
    "numpy.alltrue": D("numpy.all", dist="numpy", removed="2.0"),
    "numpy.round_": D("numpy.round", dist="numpy", removed="2.0"),
    "numpy.in1d": D("numpy.isin", dist="numpy", deprecated="2.0"),
    "numpy.trapz": D("numpy.trapezoid", dist="numpy", deprecated="2.0"),
    "numpy.asfarray": D("numpy.asarray(x, dtype=float)", dist="numpy", removed="2.0"),
    "numpy.find_common_type": D("numpy.result_type / numpy.promote_types", dist="numpy", removed="2.0"),
    # --- pandas 2.0 ---------------------------------------------------------
    "pandas.datetime": D("import datetime", dist="pandas", removed="2.0"),
    "pandas.np": D("import numpy", dist="pandas", removed="2.0"),
    "pandas.Panel": D("a MultiIndex DataFrame or xarray", dist="pandas", removed="1.0"),
    "pandas.util.testing": D("pandas.testing", dist="pandas", removed="2.0"),
    "pandas.Int64Index": D("pandas.Index(..., dtype='int64')", dist="pandas", removed="2.0"),
    "pandas.Float64Index": D("pandas.Index(..., dtype='float64')", dist="pandas", removed="2.0"),
    # --- openai 1.0 -----------------------------------------------------------
    "openai.ChatCompletion": D("client = OpenAI(); client.chat.completions.create(...)", dist="openai", removed="1.0"),
    "openai.Completion": D("client = OpenAI(); client.completions.create(...)", dist="openai", removed="1.0"),
    "openai.Embedding": D("client = OpenAI(); client.embeddings.create(...)", dist="openai", removed="1.0"),
    "openai.Image": D("client = OpenAI(); client.images.generate(...)", dist="openai", removed="1.0"),
    "openai.Moderation": D("client = OpenAI(); client.moderations.create(...)", dist="openai", removed="1.0"),
    "openai.Audio": D("client = OpenAI(); client.audio.transcriptions.create(...)", dist="openai", removed="1.0"),
    "openai.error": D("openai.APIError and subclasses (openai.RateLimitError, ...)", dist="openai", removed="1.0"),
    # --- pydantic 2 ------------------------------------------------------------
    "pydantic.validator": D("pydantic.field_validator", dist="pydantic", deprecated="2.0"),
    "pydantic.root_validator": D("pydantic.model_validator", dist="pydantic", deprecated="2.0"),
    "pydantic.BaseSettings": D("pydantic_settings.BaseSettings", dist="pydantic", removed="2.0"),
    "pydantic.parse_obj_as": D("pydantic.TypeAdapter(T).validate_python", dist="pydantic", deprecated="2.0"),
    # --- LangChain 0.1 / 0.2 legacy import paths -------------------------------
    "langchain.llms": D("langchain_openai / langchain_community.llms", dist="langchain", deprecated="0.1"),
    "langchain.chat_models": D("langchain_openai.ChatOpenAI / langchain_community.chat_models", dist="langchain", deprecated="0.1"),
    "langchain.embeddings": D("langchain_openai.OpenAIEmbeddings / langchain_community.embeddings", dist="langchain", deprecated="0.1"),
    "langchain.vectorstores": D("langchain_community.vectorstores", dist="langchain", deprecated="0.1"),
    "langchain.document_loaders": D("langchain_community.document_loaders", dist="langchain", deprecated="0.1"),
    "langchain.agents.initialize_agent": D("langgraph's create_react_agent or create_*_agent + AgentExecutor", dist="langchain", deprecated="0.1"),
    "langchain.chains.LLMChain": D("prompt | llm (LCEL) and .invoke()", dist="langchain", deprecated="0.1.17"),
    # --- Pillow 10.0 (verified: absent from PIL.Image in Pillow 13; removed in 10.0 after deprecation in 9.1) ---
    "PIL.Image.ANTIALIAS": D("Image.LANCZOS (Image.Resampling.LANCZOS)", dist="pillow", removed="10.0"),
    "PIL.Image.LINEAR": D("Image.BILINEAR (Image.Resampling.BILINEAR)", dist="pillow", removed="10.0"),
    "PIL.Image.CUBIC": D("Image.BICUBIC (Image.Resampling.BICUBIC)", dist="pillow", removed="10.0"),
    # --- Python 3.12 (What's New 3.12, "configparser": removed per gh-89336) ---
    "configparser.SafeConfigParser": D("configparser.ConfigParser", deprecated="3.2", removed="3.12"),
    # --- Python 2 names that Python 3 never had ----------------------------------
    "os.environ.has_key": D("`key in os.environ`", removed="3.0"),
    # --- SQLAlchemy 2.0 ---------------------------------------------------------
    "sqlalchemy.ext.declarative.declarative_base": D("sqlalchemy.orm.declarative_base / DeclarativeBase", dist="sqlalchemy", deprecated="2.0"),
}
for _abc in _ABCS:
    NAMES[f"collections.{_abc}"] = D(f"collections.abc.{_abc}", removed="3.10")

#: Methods that are removed/deprecated on objects of a known kind (see the rule).
METHODS = {
    "sqlalchemy-engine.execute": D("with engine.connect() as conn: conn.execute(text(...))", dist="sqlalchemy", removed="2.0"),
    # Pillow 10.0 removed these font/draw metrics (verified: absent in Pillow 13)
    "pillow-font.getsize": D("font.getbbox(text) or font.getlength(text)", dist="pillow", removed="10.0"),
    "pillow-font.getoffset": D("font.getbbox(text)", dist="pillow", removed="10.0"),
    "pillow-draw.textsize": D("draw.textbbox((0, 0), text, font=font) or draw.textlength(text, font=font)", dist="pillow", removed="10.0"),
    "dict.has_key": D("`key in mapping`", removed="3.0"),
    "dict.iteritems": D(".items()", removed="3.0"),
    "dict.itervalues": D(".values()", removed="3.0"),
    "dict.iterkeys": D(".keys() (or iterate the dict)", removed="3.0"),
    "logger.warn": D("logger.warning", deprecated="3.3", removed="3.13"),
    "thread.isAlive": D("thread.is_alive()", removed="3.9"),
    "etree.getiterator": D("element.iter()", removed="3.9"),
    "pandas-frame.ix": D(".loc[...] (labels) or .iloc[...] (positions)", dist="pandas", removed="1.0"),
    "pandas.read_csv.error_bad_lines": D("on_bad_lines='error'|'warn'|'skip'", dist="pandas", removed="2.0"),
    "pandas-frame.iteritems": D(".items() (removed from pandas 2.0 Series/DataFrame; Python 3 dicts never had it)", dist="pandas", removed="2.0"),
    "pandas-frame.append": D("pandas.concat([df, other]) (collect rows in a list, concat once)", dist="pandas", removed="2.0"),
    "pydantic-model.dict": D("model.model_dump()", dist="pydantic", deprecated="2.0"),
    "pydantic-model.json": D("model.model_dump_json()", dist="pydantic", deprecated="2.0"),
    "pydantic-model.parse_obj": D("Model.model_validate(data)", dist="pydantic", deprecated="2.0"),
    "pydantic-model.parse_raw": D("Model.model_validate_json(text)", dist="pydantic", deprecated="2.0"),
    "pydantic-model.copy": D("model.model_copy()", dist="pydantic", deprecated="2.0"),
    "pydantic-model.schema": D("Model.model_json_schema()", dist="pydantic", deprecated="2.0"),
    "langchain-llm.__call__": D("llm.invoke(prompt)", dist="langchain-core", deprecated="0.1.7"),
    "unittest.assertEquals": D("assertEqual", removed="3.12"),
    "unittest.assertNotEquals": D("assertNotEqual", removed="3.12"),
    "unittest.assertItemsEqual": D("assertCountEqual", removed="3.2"),
    "unittest.assertRegexpMatches": D("assertRegex", removed="3.12"),
    "unittest.assertRaisesRegexp": D("assertRaisesRegex", removed="3.12"),
    "unittest.assertAlmostEquals": D("assertAlmostEqual", removed="3.12"),
    "unittest.failUnless": D("assertTrue", removed="3.12"),
    "unittest.failIf": D("assertFalse", removed="3.12"),
    "unittest.assert_": D("assertTrue", removed="3.12"),
}


def lookup(qualified: str) -> tuple[str, Deprecation] | None:
    """The table entry for a qualified name or its closest listed prefix."""
    parts = qualified.split(".")
    for end in range(len(parts), 0, -1):
        key = ".".join(parts[:end])
        entry = NAMES.get(key)
        if entry is not None:
            return key, entry
    return None


def version_tuple(text: str) -> tuple[int, ...]:
    out = []
    for piece in text.split("."):
        if not piece.isdigit():
            break
        out.append(int(piece))
    return tuple(out)
