import libcst as cst

from codeaudit.analysis.helpers import arg, interpolated, is_true, kwarg, string_value
from codeaudit.analysis.taint import TaintRule, walk_statements
from codeaudit.rule import Category, Confidence, Severity

#: Calls that always hand their command string to a shell.
_SHELL_CALLS = frozenset({
    "os.system", "os.popen", "subprocess.getoutput", "subprocess.getstatusoutput", "commands.getoutput",
    "asyncio.create_subprocess_shell", "os.popen2", "os.popen3",
})  # fmt: skip
#: Calls that use a shell when given shell=True.
_SUBPROCESS = frozenset({
    "subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output", "subprocess.Popen",
})  # fmt: skip
#: argv[0] values whose later argument is itself run by a shell.
_SHELLS = frozenset({"sh", "bash", "zsh", "/bin/sh", "/bin/bash", "cmd", "cmd.exe", "powershell", "ssh"})


class ShellInjection(TaintRule):
    """A shell command built from values (`shell=True`, `os.system`, `os.popen`).

    ## What it does
    Reports commands that a shell parses when the command string splices in
    non-constant values: `os.system`, `os.popen`, `subprocess.getoutput`,
    `asyncio.create_subprocess_shell`, `subprocess.*(..., shell=True)`, and
    argument lists such as `["sh", "-c", cmd]` or `["ssh", host, cmd]` whose command is
    built with interpolation. Literal commands, list-form calls and values passed
    through `shlex.quote` stay silent.

    ## Why is this bad
    A `;`, `$( )` or backtick in the value runs a second command with the program's
    rights. File names, branch names and form fields all reach these strings.

    ## Example
    ```python
    subprocess.run(f"convert {src} -resize {size} {dest}", shell=True)
    ```

    ## Use instead
    ```python
    subprocess.run(["convert", src, "-resize", size, dest], check=True)
    ```
    """

    code = "SEC003"
    slug = "shell-injection"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (78,)
    triggers = (b"subprocess", b"os.system", b"popen", b"system(", b"getoutput", b"create_subprocess_shell")

    VALID = [
        'import subprocess\nsubprocess.run("df -h / | tail -n 1", shell=True, check=True)\n',
        "import subprocess\ndef tag(repo, version):\n    subprocess.run(['git', 'tag', version], cwd=repo, check=True)\n",
        "import os, shlex\ndef show(name):\n    os.system('ls -l ' + shlex.quote(name))\n",
        "import os\nBACKUP = '/srv/backup'\nos.system(f'du -sh {BACKUP}')\n",
        "import subprocess\ndef run(cmd):\n    subprocess.run(cmd, check=True)\n",
    ]
    INVALID = [
        "import os\ndef upload(archive, remote):\n"
        "    os.system('rsync -az ' + str(archive) + ' ' + remote)  # expect: SEC003\n",
        "import subprocess\nfrom flask import request\ndef thumb(src):\n"
        "    size = request.form.get('size', '256x256')\n"
        "    subprocess.run(f'convert {src} -resize {size} out.png', shell=True)  # expect: SEC003\n",
        "import subprocess\ndef backup(source, dest):\n"
        "    cmd = f'tar czf {dest} {source}'\n"
        "    subprocess.run(cmd, shell=True, check=True)  # expect: SEC003\n",
        "import subprocess\ndef remote(host, pattern):\n"
        "    remote_cmd = f\"zgrep -h '{pattern}' /var/log/app.log\"\n"
        "    subprocess.run(['ssh', host, remote_cmd])  # expect: SEC003\n",
        "import os\ndef count(day_file):\n    return os.popen('grep -c ERROR ' + day_file).read()  # expect: SEC003\n",
        # the command string comes from the module's own builder helper
        "import subprocess\ndef ffmpeg_cmd(src, dest, width):\n    return f'ffmpeg -y -i \"{src}\" -vf scale={width}:-1 \"{dest}\"'\n"
        "def thumb(src, dest):\n    cmd = ffmpeg_cmd(src, dest, 320)\n"
        "    subprocess.run(cmd, shell=True, check=True)  # expect: SEC003\n",
        "import os\ndef rsync_cmd(path, host):\n    return 'rsync -az ' + path + ' ' + host + ':/srv/'\n"
        "def push(path):\n    os.system(rsync_cmd(path, 'backup1'))  # expect: SEC003\n",
    ]
    VALID += [
        # the helper quotes its values, or only constants reach the command
        "import shlex, subprocess\ndef ffmpeg_cmd(src, dest):\n"
        "    return f'ffmpeg -y -i {shlex.quote(src)} {shlex.quote(dest)}'\n"
        "def thumb(src, dest):\n    subprocess.run(ffmpeg_cmd(src, dest), shell=True, check=True)\n",
        "import subprocess\nDU = '/usr/bin/du'\ndef du_cmd(flags):\n    return f'{DU} {flags} /var/log'\n"
        "def usage():\n    return subprocess.run(du_cmd('-sh'), shell=True, capture_output=True).stdout\n",
        "import subprocess\ndef build(args):\n    return ['convert', *args]\n"
        "def run(src):\n    subprocess.run(build([src, 'out.png']), check=True)\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        name = self.ctx.call_name(node)
        if name in _SHELL_CALLS:
            self._check_command(node, arg(node, 0, "command") or arg(node, 0, "cmd"), name.split(".")[-1] + "()")
        elif name in _SUBPROCESS:
            command = arg(node, 0, "args")
            if is_true(kwarg(node, "shell")):
                self._check_command(node, command, f"{name.split('.')[-1]}(shell=True)")
            elif isinstance(command, (cst.List, cst.Tuple)) and len(command.elements) >= 2:
                program = string_value(command.elements[0].value)
                if program in _SHELLS:
                    last = command.elements[-1].value
                    self._check_command(node, last, f"{program} in an argument list", strict=True)

    def _helper_command(self, node: cst.Call, built, where: str) -> None:
        """`cmd = ffmpeg_cmd(src, dest)` where the module's own helper interpolates its parameters into a string."""
        if not (isinstance(built, cst.Call) and isinstance(built.func, cst.Name)) or self.ctx.module is None:
            return
        helper = built.func.value
        func = next((s for s in self.ctx.module.body if isinstance(s, cst.FunctionDef) and s.name.value == helper), None)
        if func is None or not any(isinstance(n, cst.Return) and n.value is not None and interpolated(n.value)
                                   for n in walk_statements(func.body)):
            return
        flows = self.taint.helper_flows(helper)
        if not flows:
            return
        positions, keywords = flows
        spliced = [a.value for i, a in enumerate(built.args) if not a.star and (
            (a.keyword is None and i in positions) or (a.keyword is not None and a.keyword.value in keywords))]
        dynamic = self.dynamic_parts(spliced)
        if not dynamic:
            return
        what = ", ".join(f"`{' '.join(self.ctx.code_of(p).split())[:40]}`" for p in dynamic[:3])
        self.report(node, f"{where} runs a shell command that `{helper}()` builds by splicing {what} into a string; a "
                          "quote, space or `;` in the value runs another command: build an argument list and drop "
                          "the shell, or shlex.quote each value in the helper", confidence=Confidence.MEDIUM)

    def _check_command(self, node: cst.Call, command, where: str, strict: bool = False) -> None:
        if command is None:
            return
        built = command
        if isinstance(command, cst.Name):
            built = self.taint.assigned_value(command.value) or command
        parts = interpolated(built)
        origin = None
        if parts is None:
            origin = self.tainted(command)
            if origin is None:
                self._helper_command(node, built, where)
                return
            self.report(node, f"{where} runs a command taken from user input ({self.taint.evidence(origin)}); "
                              "pass an argument list without a shell")  # fmt: skip
            return
        dynamic = self.dynamic_parts(parts)
        if not dynamic:
            return
        for part in dynamic:
            origin = self.tainted(part)
            if origin:
                break
        if origin is not None and self.validated(origin):
            return
        if origin is not None:
            detail = self.taint.evidence(origin)
            self.report(node, f"{where} runs a shell command built from user input: {detail}; "
                              "pass an argument list without shell=True (or shlex.quote each value)")  # fmt: skip
            return
        what = ", ".join(f"`{' '.join(self.ctx.code_of(p).split())[:40]}`" for p in dynamic[:3])
        self.report(node, f"{where} runs a shell command built from {what}; a quote or `;` in the value runs "
                          "another command: pass an argument list without a shell, or shlex.quote each value",
                    confidence=Confidence.MEDIUM)  # fmt: skip
