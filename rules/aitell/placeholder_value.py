import re

import libcst as cst

from codeaudit.rule import Category, Confidence, PythonRule, Severity

_CREDENTIAL = re.compile(
    r"^(?:[a-z0-9]{1,8}[-_ ]){0,3}(<\s*)?(your|my|insert|enter|put|add)[-_ ]?(own[-_ ])?(api[-_ ]?key|secret|token|password|access[-_ ]?key|key|client[-_ ]?secret)"
    r"([-_ ]?(here|goes[-_ ]here))?(\s*>)?$|^(changeme|change[-_]me|replace[-_]?me|todo|xxx+|placeholder|dummy[-_]?(key|token|secret))$"
    r"|^sk-(x{4,}|\.\.\.|your)",
    re.I,
)
_URL = re.compile(r"^https?://([a-z0-9-]+\.)*(example\.(com|org|net)|your[-_]?(domain|server|api|host|company)[a-z0-9.-]*)(:\d+)?(/|$)", re.I)
#: "your-bucket-name", "YOUR_PROJECT_ID", "<your-account-id>": a resource identifier left as a template.
_RESOURCE = re.compile(
    r"^<?(your|my)[-_](own[-_])?(aws[-_]|gcp[-_]|s3[-_]|azure[-_])?(bucket|project|account|table|database|db|region|domain|"
    r"host|hostname|org|organization|tenant|queue|topic|cluster|subscription|workspace|index|channel|repo|endpoint|"
    r"instance|deployment|sender|app|application|client|role|resource[-_]group|namespace|registry|dataset)"
    r"([-_](name|id|arn|url|here))?>?$",
    re.I,
)
_SECRETY = re.compile(r"(key|token|secret|password|passwd|pwd|credential|auth)", re.I)


def _is_test_path(path: str) -> bool:
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return name.startswith("test_") or name.endswith("_test.py") or "/tests/" in f"/{path}" or name == "conftest.py"


class PlaceholderValue(PythonRule):
    """A placeholder credential or URL left in code: "your-api-key-here", https://api.example.com.

    ## What it does
    Reports string constants assigned to names or passed as defaults that are
    placeholder credentials (`"your-api-key-here"`, `"<your token>"`,
    `"changeme"`), outside test files; and URLs on `example.com`/`your-domain`
    hosts in files that also hold such a credential (on their own, example.com
    URLs often anonymise real hosts in samples).

    ## Why is this bad
    The code looks configured but talks to nowhere (or fails auth) in
    production; worse, a real key later gets pasted over the placeholder and
    committed. Read configuration from the environment or a settings object
    and fail clearly when it is missing.

    ## Example
    ```python
    FULFILMENT_API = "https://api.example.com/v1/fulfilment"
    FULFILMENT_KEY = "your-api-key-here"
    ```

    ## Use instead
    ```python
    FULFILMENT_API = os.environ["FULFILMENT_API"]
    FULFILMENT_KEY = os.environ["FULFILMENT_KEY"]
    ```
    """

    code = "AIT004"
    slug = "placeholder-value"
    category = Category.AI_TELL
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    triggers = (b"your", b"YOUR", b"Your", b"example.", b"change", b"CHANGE", b"replace", b"xxx", b"XXX", b"placeholder", b"dummy")

    VALID = [
        "HINT = 'set PAY_KEY to your api key'\n",
        "import os\nAPI_KEY = os.environ.get('PAY_KEY', '')\n",
        "import os\nAPI_KEY = os.environ['API_KEY']\n",
        "def f():\n    '''See https://example.com/docs.'''\n",
        "GREETING = 'your order is ready'\n",
        "LABEL = 'Your bucket name'\n",
        "BUCKET = os.environ['BUCKET_NAME']\n",
        "HELP = 'your-bucket-name must be set'\n",
        "BASE_URL = 'https://api.weather.example.com/v1'\n",
    ]
    INVALID = [
        "import os\nAPI_KEY = os.environ.get('PAY_KEY', 'sk_live_your_api_key_here')  # expect: AIT004\n",
        "STRIPE_KEY = 'pk_test_your_key_here'  # expect: AIT004\n",
        "AUTH = 'Bearer <your token>'  # expect: AIT004\n",
        "API_KEY = 'your-api-key-here'  # expect: AIT004\n",
        "DEFAULT_BUCKET = 'your-bucket-name'  # expect: AIT004\n",
        "PROJECT_ID = 'YOUR_PROJECT_ID'  # expect: AIT004\n",
        "import os\nTABLE = os.environ.get('DDB_TABLE', 'your-table-name')  # expect: AIT004\n",
        "BASE_URL = 'https://api.example.com/v1'  # expect: AIT004\nKEY = 'your-api-key'  # expect: AIT004\n",
        "import os\nTOKEN = os.environ.get('TOKEN', 'YOUR_TOKEN')  # expect: AIT004\n",
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._credentials = 0
        self._urls: list = []

    def _check(self, node, value, target_name: str | None) -> None:
        if not isinstance(value, cst.SimpleString):
            return
        text = value.evaluated_value
        if not isinstance(text, str) or len(text) > 200:
            return
        text = text.strip()
        if _CREDENTIAL.search(text) and (target_name is None or _SECRETY.search(target_name) or "key" in text.lower() or "token" in text.lower()):
            self.report(node, f"placeholder credential {text!r}: the code looks configured but is not; "
                              "read the secret from the environment/secret store and fail if it is missing")
            self._credentials += 1
        elif _RESOURCE.search(text):
            self.report(node, f"placeholder resource name {text!r}: the code looks configured but points at a template "
                              "value; read it from configuration and fail clearly when it is missing")
            self._credentials += 1
        elif _URL.search(text):
            # example.com also anonymises real hosts in samples; only a file that also holds a
            # placeholder credential is clearly unconfigured
            self._urls.append((node, text))

    def end_of_file(self) -> None:
        if not self._credentials:
            return
        for node, text in self._urls:
            self.report(node, f"placeholder URL {text!r} next to placeholder credentials: requests go nowhere in "
                              "production; make it configuration (environment/settings) without a fake default",
                        confidence=Confidence.MEDIUM)

    def visit_Assign(self, node: cst.Assign) -> None:
        if _is_test_path(self.ctx.path):
            return
        target = node.targets[0].target if len(node.targets) == 1 else None
        name = target.value if isinstance(target, cst.Name) else (target.attr.value if isinstance(target, cst.Attribute) else None)
        value = node.value
        if isinstance(value, cst.Call):
            # os.environ.get("X", "placeholder") / getenv("X", "placeholder")
            callee = self.ctx.call_name(value) or ""
            if callee in ("os.environ.get", "os.getenv") and len(value.args) >= 2:
                self._check(node, value.args[1].value, name or self.ctx.code_of(value.args[0].value))
            return
        self._check(node, value, name)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if _is_test_path(self.ctx.path) or node.value is None:
            return
        name = node.target.value if isinstance(node.target, cst.Name) else None
        self._check(node, node.value, name)
