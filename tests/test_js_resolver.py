"""codeaudit.js: bindings, enclosing functions, constants and request taint on real tree-sitter trees."""
import pytest

from codeaudit.examples import run_source
from codeaudit.js import JsModule, enclosing_function, is_async, loops_of, text, walk
from codeaudit.parsing import treesitter


def module(source, language="javascript"):
    return JsModule(treesitter.parse(language, source.encode()).root_node)


def calls(mod):
    return {text(n.child_by_field_name("function")): n for n in walk(mod.root) if n.type == "call_expression"}


@pytest.mark.parametrize("language", ["javascript", "typescript", "tsx"])
def test_require_and_import_bindings_resolve(language):
    mod = module(
        "import jwt, { decode as d } from 'jsonwebtoken';\n"
        "import * as cp from 'node:child_process';\n"
        "import { exec as run } from 'node:child_process';\n"
        "const { execSync, execFile: ef } = require('child_process');\n"
        "const fsp = require('fs').promises;\n"
        "const fsp2 = require('node:fs/promises');\n"
        "const child = require('child_process');\n"
        "cp.exec(a); run(a); execSync(a); ef(a); fsp.unlink(a); fsp2.readFile(a); child.exec(a); jwt.verify(a); d(a);\n",
        language,
    )
    found = {name: mod.call_name(call) for name, call in calls(mod).items()}
    assert found["cp.exec"] == "child_process.exec"
    assert found["run"] == "child_process.exec"
    assert found["execSync"] == "child_process.execSync"
    assert found["ef"] == "child_process.execFile"
    assert found["fsp.unlink"] == "fs.promises.unlink"
    assert found["fsp2.readFile"] == "fs.promises.readFile"
    assert found["child.exec"] == "child_process.exec"
    assert found["jwt.verify"] == "jsonwebtoken.verify"
    assert found["d"] == "jsonwebtoken.decode"


def test_instances_resolve_through_constructor_and_factory():
    mod = module(
        "const { Pool } = require('pg');\nconst axios = require('axios');\n"
        "const pool = new Pool();\nconst http = axios.create({});\npool.query(q);\nhttp.get(u);\n"
    )
    found = {name: mod.call_name(call) for name, call in calls(mod).items()}
    assert found["pool.query"] == "pg.Pool().query"
    assert found["http.get"] == "axios.create().get"


def test_enclosing_function_and_async():
    mod = module("async function a() { const f = () => { g(); }; await h(); }\nfunction b() { k(); }\n")
    c = calls(mod)
    assert is_async(enclosing_function(c["h"]))
    assert not is_async(enclosing_function(c["g"]))
    assert not is_async(enclosing_function(c["k"]))
    assert mod.async_functions == {"a"}


def test_loops_exclude_the_iterable_and_stop_at_functions():
    mod = module("for (const x of load()) { use(x); items.forEach((i) => each(i)); }\n")
    c = calls(mod)
    assert loops_of(c["load"]) == []
    assert len(loops_of(c["use"])) == 1
    assert loops_of(c["each"]) == []
    assert len(loops_of(c["each"], callbacks=True)) == 2


def test_constant_versus_computed():
    mod = module(
        "const T = 'users';\nconst COLS = ['a', 'b'].join(', ');\n"
        "function f(x) { q(`SELECT ${T}`); q(`SELECT ${COLS}`); q('a' + 'b'); q(`x ${x}`); q(x + '1'); }\n"
    )
    args = [call.child_by_field_name("arguments").named_children[0] for call in walk(mod.root)
            if call.type == "call_expression" and text(call.child_by_field_name("function")) == "q"]
    assert [mod.is_constant(a, a) for a in args] == [True, True, True, False, False]


def test_request_taint_follows_locals_and_stops_at_sanitisers():
    mod = module(
        "app.get('/', (req, res) => {\n"
        "  const { expression } = req.body;\n  const src = String(req.query.src || '');\n"
        "  const n = parseInt(req.query.n, 10);\n  const safe = path.basename(req.params.f);\n"
        "  const other = config.value;\n"
        "  sink(expression); sink(src); sink(n); sink(safe); sink(other); sink(req.header('x'));\n});\n"
    )
    args = [call.child_by_field_name("arguments").named_children[0] for call in walk(mod.root)
            if call.type == "call_expression" and text(call.child_by_field_name("function")) == "sink"]
    assert [mod.is_tainted(a) for a in args] == [True, True, False, False, False, True]


def test_suppression_comment_silences_a_js_rule():
    source = "const token = Math.random().toString(36);  // codeaudit: ignore[SEC105] demo fixture only\n"
    assert [f.code for f in run_source(source, "javascript")] == []


def test_syntax_error_is_reported_and_rules_still_run():
    source = "function f( {\nel.innerHTML = location.hash;\n"
    codes = {f.code for f in run_source(source, "javascript")}
    assert "COR001" in codes


def test_jsx_in_js_and_tsx_parse_without_errors():
    jsx = "const A = ({ b }) => <div dangerouslySetInnerHTML={{ __html: b }} />;\n"
    assert {f.code for f in run_source(jsx, "javascript")} == {"SEC104"}
    assert {f.code for f in run_source(jsx, "tsx")} == {"SEC104"}
