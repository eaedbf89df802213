from codeaudit import bandit_layer
from codeaudit.analysis.helpers import is_test_path
from codeaudit.finding import Span
from codeaudit.rule import Category, Confidence, PythonRule, Severity

#: Bytes without which none of the bandit tests that still run can fire (see bandit_layer.SUPERSEDED / NOISE).
_TRIGGERS = (
    b"telnet", b"ftplib", b"Crypto", b"cryptography", b"PROTOCOL_", b"ssl_version", b"SSLv", b"TLSv1",
    b"generate_private_key", b"RSA.generate", b"DSA.generate", b"set_missing_host_key_policy", b"pysnmp",
    b"shell=True", b"shell = True", b"os.system", b"popen", b"listen(",
    b"from_pretrained", b"hf_hub_download", b"snapshot_download", b"mako", b"pyghmi",
    b"\xe2\x80\xaa", b"\xe2\x80\xab", b"\xe2\x80\xac", b"\xe2\x80\xad", b"\xe2\x80\xae",
    b"\xe2\x81\xa6", b"\xe2\x81\xa7", b"\xe2\x81\xa8", b"\xe2\x81\xa9",
)  # fmt: skip


class BanditChecks(PythonRule):
    """bandit's checks that no codeaudit rule covers (telnet/FTP, weak TLS and keys, paramiko, ...).

    ## What it does
    Runs bandit's own tests on the file through its Python API and reports each
    result with bandit's test id, severity, confidence and CWE in the message
    (`bandit B312 [telnetlib] CWE-319: ...`). Tests that a codeaudit rule covers
    more precisely (SQL, shell, pickle, yaml, random, hashes, TLS verification,
    ...) and tests that flag ordinary code (`import subprocess`, every `assert`,
    `/tmp` strings) are not run; `codeaudit.bandit_layer.SUPERSEDED` and `NOISE`
    list them. `# nosec` comments are honoured; test files are skipped. Switch the layer off with
    `bandit = false` in the configuration or `codeaudit scan --no-bandit`.

    ## Why is this bad
    These are bandit's remaining findings: clear-text protocols, SSL/TLS with
    broken protocol versions, short RSA/DSA keys, SSH clients that accept any host
    key, `shell=True` in third-party helpers, Django `extra()`, trojan-source
    characters and unpinned Hugging Face downloads.

    ## Example
    ```python
    import telnetlib
    session = telnetlib.Telnet("switch.local")
    ```

    ## Use instead
    ```python
    import paramiko  # SSH instead of telnet, with host keys checked
    ```
    """

    code = "SEC900"
    slug = "bandit"
    category = Category.SECURITY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    cwe = (693,)
    triggers = _TRIGGERS

    VALID = [
        "import subprocess\nsubprocess.run(['ls', '-l'], check=True)\n",
        "import ssl\nctx = ssl.create_default_context()\n",
        "import telnetlib\nsession = telnetlib.Telnet('switch.local')  # nosec B312\n",
    ]
    INVALID = [
        "import telnetlib\nsession = telnetlib.Telnet('switch.local')  # expect: SEC900\n",
        "import paramiko\nclient = paramiko.SSHClient()\n"
        "client.set_missing_host_key_policy(paramiko.AutoAddPolicy())  # expect: SEC900\n",
    ]

    def end_of_file(self) -> None:
        if is_test_path(self.ctx.path):
            return  # bandit's remaining tests report test scaffolding (fake servers, sample keys) as noise
        for issue in bandit_layer.run(self.ctx.path, self.ctx.source.text):
            span = Span(issue.line, issue.col, max(issue.end_line, issue.line), max(issue.end_col, 1))
            cwe = f" CWE-{issue.cwe}" if issue.cwe else ""
            self.report(
                span,
                f"bandit {issue.test_id} [{issue.test_name}]{cwe}: {issue.text}",
                severity=Severity(issue.severity),
                confidence=Confidence(issue.confidence),
            )
