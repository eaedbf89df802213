import libcst as cst

from codeaudit.analysis.helpers import arg, is_true, kwarg, string_value
from codeaudit.analysis.taint import TaintRule
from codeaudit.rule import Category, Confidence, Severity

_SUBPROCESS = frozenset({
    "subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output", "subprocess.Popen",
    "asyncio.create_subprocess_exec",
})  # fmt: skip
#: Programs whose options can run commands or write files (git --upload-pack, rsync -e, tar --to-command ...).
_TOOLS = frozenset({
    "git", "hg", "svn", "grep", "rg", "rsync", "scp", "curl", "wget", "tar", "zip", "unzip", "find", "ffmpeg",
    "convert", "magick", "npm", "pip", "sed", "awk", "less", "man", "sendmail", "ssh-keygen", "openssl",
})  # fmt: skip

#: Options that take the next argument as their value (a value there cannot become an option).
_VALUE_FLAGS = frozenset({
    "-C", "-e", "-o", "-b", "-m", "-f", "-n", "-A", "-B", "-d", "-u", "-p", "-X", "-H", "-O", "-c",
    "--branch", "--depth", "--origin", "--template", "--reference", "--config", "--separate-git-dir", "--jobs",
    "--filter", "--exclude", "--include", "--output", "--format", "--max-count", "--since", "--until",
    "--author", "--grep", "--regexp", "--file", "--directory", "--user", "--header", "--data", "--max-time",
    "--timeout", "--shallow-since", "--shallow-exclude", "--message", "--pretty", "--work-tree", "--git-dir",
})  # fmt: skip


class ArgumentInjection(TaintRule):
    """Request data placed as a positional argument of git/grep/rsync-like tools without `--`.

    ## What it does
    Reports list-form `subprocess` calls to tools such as git, grep, rsync, curl or tar
    where a value from the web request is a positional argument and no `--` comes
    before it.

    ## Why is this bad
    A value that starts with `-` is read as an option: `--upload-pack=touch /tmp/x`
    as a repository URL makes `git clone` run a command, `-e sh` makes rsync run one.
    A list without a shell does not protect against this.

    ## Example
    ```python
    subprocess.run(["git", "clone", repo_url, dest])
    ```

    ## Use instead
    ```python
    if repo_url.startswith("-"):
        abort(400)
    subprocess.run(["git", "clone", "--", repo_url, dest])
    ```
    """

    code = "SEC004"
    slug = "argument-injection"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    cwe = (88,)
    triggers = (b"subprocess",)

    VALID = [
        "import subprocess\nfrom flask import request\ndef clone():\n"
        "    url = request.json['url']\n"
        "    subprocess.run(['git', 'clone', '--', url, 'dest'])\n",
        "import subprocess\ndef clone(url):\n    subprocess.run(['git', 'clone', url, 'dest'])\n",
        "import subprocess\nfrom flask import request\ndef log():\n"
        "    branch = request.args['branch']\n"
        "    subprocess.run(['git', 'log', '--branches', branch], check=True) if not branch.startswith('-') else None\n",
    ]
    INVALID = [
        "import subprocess\nfrom flask import request\ndef clone():\n"
        "    data = request.get_json()\n"
        "    url = data.get('url', '')\n"
        "    subprocess.run(['git', 'clone', '--depth', '1', url, 'dest'])  # expect: SEC004\n",
        "import subprocess\nfrom fastapi import FastAPI\napp = FastAPI()\n@app.get('/grep')\ndef grep(pattern: str):\n"
        "    return subprocess.run(['grep', '-r', pattern, '/srv/logs'], capture_output=True).stdout  # expect: SEC004\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if self.ctx.call_name(node) not in _SUBPROCESS or is_true(kwarg(node, "shell")):
            return
        if self.ctx.call_name(node) == "asyncio.create_subprocess_exec":
            elements = [a.value for a in node.args if a.keyword is None and not a.star]
        else:
            command = arg(node, 0, "args")
            if not isinstance(command, (cst.List, cst.Tuple)):
                return
            elements = [e.value for e in command.elements if not isinstance(e, cst.StarredElement)]
        if not elements:
            return
        program = (string_value(elements[0]) or "").rsplit("/", 1)[-1]
        if program not in _TOOLS:
            return
        previous = None
        for element in elements[1:]:
            text = string_value(element)
            if text == "--":
                return
            if text is None:
                takes_value = previous in _VALUE_FLAGS
                origin = None if takes_value else self.tainted(element, remote_only=True)
                if origin is not None and not self._checks_dash() and not self.validated(origin):
                    self.report(node, f"{self.taint.evidence(origin)} and becomes a positional argument of {program}: "
                                      f"a value starting with '-' is read as an option; put '--' before it or reject "
                                      "values starting with '-'")  # fmt: skip
                    return
            previous = text

    def _checks_dash(self) -> bool:
        func = self.ctx.function
        code = self.ctx.code_of(func) if func is not None else ""
        return 'startswith("-")' in code or "startswith('-')" in code
