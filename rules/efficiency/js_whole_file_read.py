from codeaudit.js import (FUNCTION_TYPES, ITERATING_METHODS, call_args, callee_method, enclosing_function,
                          pattern_names, strip_parens, text, walk)
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

_READS = frozenset({"fs.readFileSync", "fs.promises.readFile", "fs/promises.readFile", "fs.promises.readFile"})
_NEWLINES = frozenset({"'\\n'", '"\\n"', "/\\n/", "/\\r?\\n/", "/\\r\\n|\\n/", "/\\n|\\r\\n/", "/\\r?\\n/g",
                       "'\\r\\n'", '"\\r\\n"', "/[\\r\\n]+/", "/\\r?\\n|\\r/"})


class JsWholeFileRead(JsRule):
    """A whole input file read into memory only to be split into lines.

    ## What it does
    Reports `fs.readFileSync(path)` / `await fs.promises.readFile(path)` of a
    path that is not written in the source (a CLI argument, an upload, a
    parameter) when the text's only use is `.split('\\n')` (or `/\\r?\\n/`) into
    lines that are then handed one by one to awaited work (a database insert,
    a request) in a loop or `forEach`/`map` callback. Reading lines to keep them
    all (dedupe, sort) is left alone.

    ## Why is this bad
    The whole file sits in memory twice (the string and the array of lines)
    although each line is handled on its own. Exports, CSV imports and logs are
    routinely hundreds of megabytes: the process stalls or dies with "JavaScript
    heap out of memory", and nothing is processed until the whole file is read.

    ## Example
    ```javascript
    const text = fs.readFileSync(file, 'utf8');
    for (const line of text.split(/\\r?\\n/)) importRow(line);
    ```

    ## Use instead
    ```javascript
    const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
    for await (const line of rl) await importRow(line);
    ```
    """

    code = "EFF111"
    slug = "js-whole-file-read"
    category = Category.EFFICIENCY
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    triggers = (b"readFile",)
    query = "(call_expression function: (member_expression property: (property_identifier) @method)) @call"

    VALID = [
        # a constant configuration file, and a file whose text is used whole
        "const fs = require('fs');\nconst lines = fs.readFileSync('.gitignore', 'utf8').split('\\n');\n"
        "function load(p) {\n  const raw = fs.readFileSync(p, 'utf8');\n  return JSON.parse(raw);\n}\n",
        "const fs = require('fs');\nfunction copy(p) {\n  const text = fs.readFileSync(p, 'utf8');\n"
        "  fs.writeFileSync(p + '.bak', text);\n  return text.split('\\n').length;\n}\n",
        # all lines are kept anyway (dedupe needs them together): streaming gains nothing
        "const fs = require('fs');\nfunction loadContacts(file) {\n  const raw = fs.readFileSync(file, 'utf8');\n"
        "  const out = [];\n  for (const line of raw.split('\\n')) if (line.trim()) out.push(JSON.parse(line));\n"
        "  return out;\n}\n",
    ]
    INVALID = [
        "const fs = require('fs');\nfunction importFile(file) {\n"
        "  const text = fs.readFileSync(file, 'utf8');  // expect: EFF111\n"
        "  const [header, ...lines] = text.split(/\\r?\\n/).filter(Boolean);\n"
        "  return Promise.all(lines.map(async (l) => db.insert(header, await parse(l))));\n}\n",
        ("typescript", "import { promises as fsp } from 'fs';\nexport async function countErrors(logPath: string) {\n"
                       "  const lines = (await fsp.readFile(logPath, 'utf8')).split('\\n');  // expect: EFF111\n"
                       "  for (const l of lines) if (l.includes('ERROR')) await alerts.send(l);\n}\n"),
        "const { readFileSync } = require('node:fs');\nasync function main() {\n"
        "  for (const r of readFileSync(process.argv[2], 'utf8').split('\\n')) {  // expect: EFF111\n"
        "    await api.post('/rows', { r });\n  }\n}\n",
    ]

    def check(self, captures):
        if text(captures["method"][0]) != "split":
            return
        split = captures["call"][0]
        args = call_args(split)
        if len(args) != 1 or text(strip_parens(args[0])) not in _NEWLINES:
            return
        receiver = strip_parens(split.child_by_field_name("function").child_by_field_name("object"))
        if receiver.type == "await_expression" and receiver.named_children:
            receiver = strip_parens(receiver.named_children[0])
        if not self._lines_awaited(split):
            return
        if receiver.type == "call_expression":
            if self._file_read(receiver):
                self.report(split, self._message())
            return
        if receiver.type != "identifier":
            return
        fn = enclosing_function(split)
        values = self.js.local_values(fn).get(text(receiver)) if fn is not None else self.js.values_of(
            text(receiver), receiver)
        if not values or len(values) != 1:
            return
        value = strip_parens(values[0])
        if value.type == "await_expression" and value.named_children:
            value = strip_parens(value.named_children[0])
        if value.type != "call_expression" or not self._file_read(value):
            return
        scope = fn if fn is not None else self.js.root
        uses = [n for n in walk(scope) if n.type == "identifier" and text(n) == text(receiver)
                and n.parent is not None and n.parent.type != "variable_declarator"]
        if len(uses) != 1:
            return
        decl = values[0].parent
        self.report(decl if decl is not None else split, self._message())

    def _lines_awaited(self, split):
        """The lines are handed one by one to awaited work (a DB insert, a request): streaming would let that
        work start at once with one line in memory. Loading lines to keep them all (dedupe, sort) is left alone."""
        top = split
        while top.parent is not None and top.parent.type == "member_expression" and top.parent.parent is not None \
                and top.parent.parent.type == "call_expression" and callee_method(top.parent.parent) in (
                    "filter", "map", "slice", "trim"):
            top = top.parent.parent
        parent = top.parent
        bodies = []
        if parent is not None and parent.type == "for_in_statement":
            bodies.append(parent.child_by_field_name("body"))
        elif parent is not None and parent.type == "variable_declarator":
            names = set(pattern_names(parent.child_by_field_name("name")))
            scope = enclosing_function(parent) or self.js.root
            for node in walk(scope):
                if node.type == "for_in_statement" and text(node.child_by_field_name("right")) in names:
                    bodies.append(node.child_by_field_name("body"))
                elif node.type == "call_expression" and callee_method(node) in ITERATING_METHODS | {"forEach"}:
                    fn = strip_parens(node.child_by_field_name("function"))
                    args = call_args(node)
                    if fn.type == "member_expression" and text(fn.child_by_field_name("object")) in names and args \
                            and strip_parens(args[0]).type in FUNCTION_TYPES:
                        bodies.append(strip_parens(args[0]).child_by_field_name("body"))
        return any(n.type == "await_expression" for body in bodies if body is not None for n in walk(body))

    def _file_read(self, call):
        name = self.js.call_name(call) or ""
        if name not in _READS and not (name.endswith(".readFile") and name.split(".")[0] in ("fs", "fs/promises")):
            return False
        args = call_args(call)
        return bool(args) and not self.js.is_constant(args[0]) and "__dirname" not in text(args[0])

    @staticmethod
    def _message():
        return ("the whole file is read into one string and then split into an array of lines: memory grows with "
                "the file and nothing runs until it is all read; stream it line by line "
                "(readline.createInterface over fs.createReadStream)")
