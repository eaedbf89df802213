"""Loop-invariance helpers behind the EFF rules."""
import libcst as cst

from codeaudit.examples import run_source
from codeaudit.knowledge.cst_tools import invariant_in, loop_bound


def _loop(src: str):
    return cst.parse_module(src).body[0]


def test_comprehension_variables_do_not_leak_into_the_enclosing_loop():
    loop = _loop("for link in links:\n    if any(p.search(link) for p in pats):\n        x = 1\n")
    assert loop_bound(loop) == {"link", "x"}
    assert invariant_in(cst.parse_expression("pats"), loop)


def code_lines(src: str, code: str) -> list[int]:
    return [f.line for f in run_source(src, "python") if f.code == code]


def test_first_iterable_of_a_comprehension_is_outside_the_loop():
    src = "def f(session):\n    return {u.id: u for u in session.scalars(select(User))}\n"
    assert code_lines(src, "EFF008") == []


def test_retry_loops_are_not_per_item_work():
    src = (
        "import requests\n"
        "def f(url):\n"
        "    for attempt in range(3):\n"
        "        try:\n"
        "            s = requests.Session()\n"
        "            return s.get(url, timeout=5)\n"
        "        except requests.ConnectionError:\n"
        "            continue\n"
    )
    assert code_lines(src, "EFF013") == []


def test_regex_compiled_per_pattern_only_once_is_fine():
    src = "import re\ndef f(pats, text):\n    return [p for p in pats if re.compile(p).search(text)]\n"
    assert code_lines(src, "EFF002") == []
