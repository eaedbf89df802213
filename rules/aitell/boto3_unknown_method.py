import libcst as cst

from codeaudit.knowledge.boto3_api import ALIASES, client_methods, snapshot_version
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_CLIENT_FACTORIES = {"boto3.client", "boto3.session.Session.client", "boto3.Session.client"}
_SESSION_FACTORIES = {"boto3.Session", "boto3.session.Session"}
_OTHER = "?"  # a binding that is not a client of a literal service


def _close(name: str, names) -> str:
    import difflib

    match = difflib.get_close_matches(name, sorted(names), n=1, cutoff=0.75)
    return f" (did you mean `{match[0]}`?)" if match else ""


class Boto3UnknownClientMethod(PythonRule):
    """A boto3 client method that the AWS service does not have.

    ## What it does
    Follows `x = boto3.client("s3")` (also `session.client(...)`,
    `boto3.Session().client(...)` and `self.x = ...` in a class) within a
    function, class or module and checks `x.method` against the operations of
    that service in botocore's service model (shipped as data, merged with the
    installed botocore's model when there is one), the methods every client has
    (`get_paginator`, `get_waiter`, `generate_presigned_url`, ...) and boto3's
    additions (s3's `upload_file`, `download_file`, ...). Silent when the
    service name is not a literal, the service is unknown, the variable is bound
    to anything else in the same scope, or for resources (`boto3.resource`).

    ## Why is this bad
    Assistants invent plausible AWS calls: `s3.upload_file_fast`,
    `dynamodb.get_items`, `sqs.send_messages`. botocore builds client methods
    from the service model, so the call fails with `AttributeError` at run
    time, often in a path tests mock away.

    ## Example
    ```python
    s3 = boto3.client("s3")
    s3.upload_file_fast("a.txt", "bucket", "a.txt")
    ```

    ## Use instead
    ```python
    s3 = boto3.client("s3")
    s3.upload_file("a.txt", "bucket", "a.txt")
    ```
    """

    code = "AIT012"
    slug = "boto3-unknown-client-method"
    category = Category.AI_TELL
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    triggers = (b"boto3",)

    VALID = [
        "import boto3\ns3 = boto3.client('s3')\ns3.upload_file('a', 'b', 'c')\ns3.put_object(Bucket='b', Key='k')\n"
        "p = s3.get_paginator('list_objects_v2')\nu = s3.generate_presigned_url('get_object')\nr = s3.meta.region_name\n",
        "import boto3\ndef f(name):\n    c = boto3.client(name)\n    return c.anything_at_all()\n",
        "import boto3\nddb = boto3.resource('dynamodb')\nt = ddb.Table('x')\n",
        "import boto3\nc = boto3.client('s3')\nc = make_other()\nc.upload_file_fast()\n",
        "import boto3\nc = boto3.client('not-a-real-service')\nc.frobnicate()\n",
        "import boto3\ns = boto3.Session(profile_name='p')\nsqs = s.client('sqs')\nsqs.send_message(QueueUrl='u', MessageBody='b')\n",
        "import boto3\nclass Store:\n    def __init__(self, client=None):\n        self.s3 = client or boto3.client('s3')\n"
        "    def put(self):\n        self.s3.put_objects()\n",
    ]
    INVALID = [
        "import boto3\ns3 = boto3.client('s3')\ns3.upload_file_fast('a', 'b', 'c')  # expect: AIT012\n",
        "import boto3\ndef get(key):\n    table = boto3.client('dynamodb')\n    return table.get_items(Key=key)  # expect: AIT012\n",
        "import boto3\nsqs = boto3.Session().client('sqs', region_name='eu-west-1')\nsqs.send_messages(QueueUrl='u')  # expect: AIT012\n",
        "import boto3\nclass Store:\n    def __init__(self):\n        self.s3 = boto3.client(service_name='s3')\n"
        "    def put(self):\n        self.s3.put_objects()  # expect: AIT012\n",
    ]

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._sessions: set[str] = set()  # names bound to boto3.Session(...) anywhere in the file
        #: (scope key, name) -> services / _OTHER bound to it; scope key: id(function), id(class) for self.x, 0 = module
        self._bindings: dict[tuple[int, str], set[str]] = {}
        self._uses: list[tuple[cst.Attribute, tuple[int, str], tuple[int, str] | None]] = []

    # -- bindings ---------------------------------------------------------
    def _scope(self) -> int:
        func = self.ctx.function
        return id(func) if func is not None else 0

    def _service(self, value: cst.BaseExpression) -> str | None:
        """The literal service of a client-creating call, _OTHER for anything else."""
        if isinstance(value, cst.BooleanOperation):  # `client or boto3.client("s3")`: may be anything
            return _OTHER
        if not isinstance(value, cst.Call) or not isinstance(value.func, cst.Attribute) or value.func.attr.value != "client":
            return _OTHER
        name = self.ctx.call_name(value) or ""
        receiver = value.func.value
        is_client = name in _CLIENT_FACTORIES
        if not is_client and isinstance(receiver, cst.Call):
            is_client = (self.ctx.call_name(receiver) or "") in _SESSION_FACTORIES
        if not is_client:
            text = self.ctx.code_of(receiver)
            is_client = text in self._sessions or text.split(".")[-1].lower().endswith("session")
        if not is_client:
            return _OTHER
        arg = next((a.value for a in value.args if a.keyword is not None and a.keyword.value == "service_name"), None)
        if arg is None and value.args and value.args[0].keyword is None:
            arg = value.args[0].value
        if not isinstance(arg, cst.SimpleString):
            return _OTHER
        service = arg.evaluated_value
        return service if isinstance(service, str) else _OTHER

    def _key(self, target: cst.BaseExpression) -> tuple[int, str] | None:
        if isinstance(target, cst.Name):
            return (self._scope(), target.value)
        if (isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name) and target.value.value == "self"
                and self.ctx.class_def is not None):
            return (id(self.ctx.class_def), target.attr.value)
        return None

    def _bind(self, target: cst.BaseExpression, service: str) -> None:
        if isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._bind(element.value, _OTHER)
            return
        key = self._key(target)
        if key is not None:
            self._bindings.setdefault(key, set()).add(service)
            if self.ctx.function is None and self.ctx.class_def is not None and isinstance(target, cst.Name):
                self._bindings.setdefault((id(self.ctx.class_def), target.value), set()).add(service)

    def visit_Assign(self, node: cst.Assign) -> None:
        value = node.value
        if isinstance(value, cst.Call) and (self.ctx.call_name(value) or "") in _SESSION_FACTORIES:
            for target in node.targets:
                self._sessions.add(self.ctx.code_of(target.target))
        service = self._service(value)
        for target in node.targets:
            self._bind(target.target, service)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._bind(node.target, self._service(node.value) if node.value is not None else _OTHER)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._bind(node.target, _OTHER)

    def visit_Param(self, node: cst.Param) -> None:
        self._bindings.setdefault((self._scope(), node.name.value), set()).add(_OTHER)

    def visit_For(self, node: cst.For) -> None:
        self._bind(node.target, _OTHER)

    def visit_AsName(self, node: cst.AsName) -> None:
        self._bind(node.name, _OTHER)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._bind(node.target, self._service(node.value))

    # -- uses -------------------------------------------------------------
    def visit_Attribute(self, node: cst.Attribute) -> None:
        if isinstance(self.ctx.parent, (cst.AssignTarget, cst.Del)):
            return  # `s3.upload_file = fake`: a test double, not a call
        receiver = node.value
        if isinstance(receiver, cst.Name):
            if receiver.value == "self":
                return
            self._uses.append((node, (self._scope(), receiver.value), (0, receiver.value)))
        elif (isinstance(receiver, cst.Attribute) and isinstance(receiver.value, cst.Name)
              and receiver.value.value == "self" and self.ctx.class_def is not None):
            self._uses.append((node, (id(self.ctx.class_def), receiver.attr.value), None))

    def end_of_file(self) -> None:
        for node, key, fallback in self._uses:
            services = self._bindings.get(key)
            if services is None and fallback is not None and key[0] != 0:
                services = self._bindings.get(fallback)
            if not services or len(services) != 1 or _OTHER in services:
                continue
            service = next(iter(services))
            name = node.attr.value
            methods = client_methods(service)
            if methods is None or name.startswith("_") or name in methods:
                continue
            shown = ALIASES.get(service, service)
            self.report(node, f"a boto3 `{shown}` client has no method `{name}`{_close(name, methods)} (botocore "
                              f"{snapshot_version()} service model): this raises AttributeError when it runs")
