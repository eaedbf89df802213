"""The shared taint tracker of the security rules (codeaudit.analysis.taint)."""
import libcst as cst
import pytest

from codeaudit.examples import run_source


def _codes(source: str, code: str) -> list[tuple[int, str]]:
    return [(f.line, f.message) for f in run_source(source, "python") if f.code == code]


@pytest.mark.parametrize(
    "source_expr",
    [
        'request.args.get("q", "")',
        'request.form["q"]',
        "request.get_json()['q']",
        "(request.get_json(silent=True) or {}).get('q')",
        "request.GET.get('q')",
        "self.request.query_params['q']",
    ],
)
def test_request_data_is_a_remote_source(source_expr):
    source = f"from flask import request\ndef view(self=None):\n    q = {source_expr}\n    cur.execute(f\"SELECT * FROM t WHERE a = '{{q}}'\")\n"
    (line, message), = _codes(source, "SEC002")
    assert line == 4
    assert "`q` comes from" in message and "on line 3" in message


@pytest.mark.parametrize(
    "flow",
    [
        "x = q + '!'",
        "x = f'{q}!'",
        "x = '%s!' % q",
        "x = '{}!'.format(q)",
        "x = ' '.join([q, 'a'])",
        "x = q.strip().lower()",
        "x = [q][0]",
        "x = {'k': q}['k']",
        "x = str(q)",
    ],
)
def test_propagation(flow):
    source = f"import os\nfrom flask import request\ndef view():\n    q = request.args['q']\n    {flow}\n    os.system('echo ' + x)\n"
    assert [line for line, _ in _codes(source, "SEC003")] == [6]


@pytest.mark.parametrize("sanitiser", ["int(q)", "shlex.quote(q)", "os.path.basename(q)", "secure_filename(q)"])
def test_sanitisers_end_the_flow(sanitiser):
    source = (
        "import os, shlex\nfrom flask import request, send_file\nfrom werkzeug.utils import secure_filename\n"
        f"def view():\n    q = request.args['q']\n    x = {sanitiser}\n    return send_file(os.path.join('/srv', str(x)))\n"
    )
    assert _codes(source, "SEC009") == []


def test_flask_route_parameters_are_sources_except_typed_converters():
    source = (
        "import os\nfrom flask import Flask, send_file\napp = Flask(__name__)\n"
        "@app.get('/files/<name>/<int:n>')\ndef f(name, n):\n"
        "    send_file(os.path.join('/srv', str(n)))\n"
        "    return send_file(os.path.join('/srv', name))\n"
    )
    (line, message), = _codes(source, "SEC009")
    assert line == 7 and "URL/query parameter" in message


def test_fastapi_parameters_are_sources_unless_typed_or_dependencies():
    source = (
        "import os\nfrom fastapi import FastAPI, Depends\napp = FastAPI()\n"
        "@app.get('/x')\ndef f(name: str, n: int, db=Depends(get_db)):\n"
        "    os.system(f'echo {n} {db}')\n    os.system(f'echo {name}')\n"
    )
    lines = [line for line, message in _codes(source, "SEC003") if "user input" in message]
    assert lines == [7]


def test_cli_sources_are_local_and_do_not_count_for_path_traversal():
    source = (
        "import argparse, os, subprocess\ndef main():\n    p = argparse.ArgumentParser()\n    p.add_argument('f')\n"
        "    args = p.parse_args()\n    open(os.path.join('/srv', args.f))\n"
        "    subprocess.run(f'wc -l {args.f}', shell=True)\n"
    )
    assert _codes(source, "SEC009") == []
    (line, message), = _codes(source, "SEC003")
    assert line == 7 and "parse_args()" in message


def test_taint_is_per_function():
    source = (
        "import os\nfrom flask import request\ndef a():\n    q = request.args['q']\n"
        "def b(q='x'):\n    os.system('echo ' + q)\n"
    )
    assert all("user input" not in message for _, message in _codes(source, "SEC003"))


def test_membership_guard_in_conditional_expression():
    source = (
        "import os\nfrom flask import request, send_file\nALLOWED = {'png'}\ndef f():\n"
        "    fmt = request.args['fmt']\n    name = f'out.{fmt if fmt in ALLOWED else \"png\"}'\n"
        "    return send_file(os.path.join('/srv', name))\n"
    )
    assert _codes(source, "SEC009") == []


def test_tracker_is_shared_and_cheap():
    """All taint rules of a file share one tracker: the per-node work is done once."""
    from codeaudit.analysis.taint import Tracker, tracker
    from codeaudit.context import FileContext
    from codeaudit.source import SourceFile

    ctx = FileContext(source=SourceFile.decode("x.py", b"x = 1\n", "python"))
    assert tracker(ctx) is tracker(ctx)
    assert isinstance(tracker(ctx), Tracker)
    node = cst.parse_module("x = 1\n")
    assert tracker(ctx).first_time("assign", node) and not tracker(ctx).first_time("assign", node)
