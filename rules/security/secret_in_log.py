import re

import libcst as cst

from codeaudit.analysis.helpers import terminal_name
from codeaudit.rule import Category, Confidence, PythonRule, Severity

_LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "log"})
_LOGGER_NAMES = re.compile(r"(?i)^(log|logger|logging|_log|_logger|LOG|LOGGER|audit_log|app\.logger)$")
_SECRET = re.compile(
    r"(?i)^(password|passwd|pwd|passphrase|secret|client_secret|token|access_token|refresh_token|reset_token|"
    r"auth_token|api_key|apikey|private_key|authorization|credentials|otp|otp_code|session_key|cookie|"
    r"card_number|cvv|ssn|new_password|old_password|raw_password|plain_password|secret_key|bearer)$"
)


class SecretInLog(PythonRule):
    """Passwords, tokens and auth headers written to logs.

    ## What it does
    Reports logging calls (`log.info(...)`, `logger.debug(...)`, `logging.warning(...)`)
    whose arguments or f-string parts are passwords, tokens, API keys, or the headers of
    an authenticated HTTP session.

    ## Why is this bad
    Logs are shipped to aggregators, kept for months and read by many people and
    tools. A token in a log is a live credential available to all of them.

    ## Example
    ```python
    log.info("issued reset token %s for user %s", token, user_id)
    ```

    ## Use instead
    ```python
    log.info("issued reset token for user %s", user_id)
    ```
    """

    code = "SEC026"
    slug = "secret-in-log"
    category = Category.SECURITY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    cwe = (532,)
    triggers = (b"log",)

    VALID = [
        "import logging\nlog = logging.getLogger()\ndef f(user_id, token):\n    log.info('issued token for %s', user_id)\n",
        "import logging\nlog = logging.getLogger()\ndef f(cfg):\n    log.info('api_key set=%s', bool(cfg.api_key))\n",
        "import logging\nlog = logging.getLogger()\ndef f(token):\n    log.info('token length %d', len(token))\n",
    ]
    INVALID = [
        "import logging\nlog = logging.getLogger()\ndef f(user_id, token):\n"
        "    log.info('issued reset token %s for user %s', token, user_id)  # expect: SEC026\n",
        "import logging\nlogger = logging.getLogger()\ndef login(username, password):\n"
        "    logger.info(f'login attempt for {username} with password {password}')  # expect: SEC026\n",
        "import logging\nlog = logging.getLogger()\nclass C:\n    def __init__(self, s, key):\n"
        "        self.session = s\n        self.session.headers['Authorization'] = key\n    def charge(self):\n"
        "        log.debug('headers %s', self.session.headers)  # expect: SEC026\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not isinstance(func, cst.Attribute) or func.attr.value not in _LOG_METHODS:
            return
        receiver = self.ctx.code_of(func.value)
        if not _LOGGER_NAMES.match(receiver) and not receiver.endswith(("log", "logger")):
            return
        for argument in node.args:
            if argument.keyword is not None:
                continue
            leaked = self._secret_in(argument.value)
            if leaked:
                self.report(node, f"`{leaked}` is written to the log: logs are kept and widely readable, so the "
                                  "credential leaks; log an id or a redacted form instead")  # fmt: skip
                return

    def _secret_in(self, value) -> str:
        if isinstance(value, cst.FormattedString):
            for part in value.parts:
                if isinstance(part, cst.FormattedStringExpression):
                    found = self._secret_in(part.expression)
                    if found:
                        return found
            return ""
        if isinstance(value, cst.Call):
            if isinstance(value.func, cst.Name) and value.func.value in ("str", "repr") and value.args:
                return self._secret_in(value.args[0].value)
            return ""
        if not isinstance(value, (cst.Name, cst.Attribute, cst.Subscript)):
            return ""
        name = terminal_name(value)
        if _SECRET.match(name):
            return self.ctx.code_of(value)
        if name == "headers" and isinstance(value, cst.Attribute):
            base = terminal_name(value.value).lower()
            if ("session" in base or "client" in base) and "Authorization" in self.ctx.source.text:
                return self.ctx.code_of(value)
        return ""
