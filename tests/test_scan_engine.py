"""Engine behaviour across a scan: git walking, config, cache, parallelism, identity."""
import json

import pytest

from codeaudit import api
from codeaudit.cache import CACHE_DIR
from codeaudit.config import Config, ConfigError, discover, load_file

EVAL = "value = eval(input())\n"


def codes(result):
    return sorted((f.path, f.code, f.line) for f in result.findings)


def test_git_repo_walk_respects_gitignore_and_default_excludes(git_repo):
    (git_repo / ".gitignore").write_text("generated/\n")
    for name in ("src/a.py", "generated/g.py", "node_modules/m.js", ".venv/lib/v.py", "build/b.py", "web/w.ts"):
        path = git_repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(EVAL if name.endswith(".py") else "const x = ;\n")
    git_repo.git("add", ".gitignore", "src/a.py")
    git_repo.git("commit", "-qm", "init")
    result = api.scan([git_repo], Config(), use_cache=False, jobs=1)
    # src/a.py is tracked; web/w.ts is untracked but not ignored; the rest is ignored or excluded.
    assert [(p, c) for p, c, _ in codes(result)] == [("src/a.py", "SEC001"), ("web/w.ts", "COR001")]


def test_outside_git_nested_gitignore_and_config_exclude(tmp_path):
    (tmp_path / "pkg" / "gen").mkdir(parents=True)
    (tmp_path / "pkg" / ".gitignore").write_text("gen/\n")
    (tmp_path / "pkg" / "gen" / "x.py").write_text(EVAL)
    (tmp_path / "pkg" / "keep.py").write_text(EVAL)
    (tmp_path / "pkg" / "skip_me.py").write_text(EVAL)
    result = api.scan([tmp_path], Config(exclude=("skip_*.py",)), use_cache=False, jobs=1)
    assert [p for p, _, _ in codes(result)] == ["pkg/keep.py"]


def test_config_discovery_overrides_and_errors(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.codeaudit]\nignore = ["ABS"]\nfail-on = "high"\n'
        '[[tool.codeaudit.overrides]]\npaths = ["tests/**"]\nignore = ["SEC"]\n'
    )
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text(EVAL)
    (tmp_path / "app.py").write_text(EVAL + "def f(a=[]):\n    return a\n")
    config = discover(tmp_path / "tests")
    assert config.ignore == ("ABS",) and config.fail_on.value == "high"
    result = api.scan([tmp_path], config, use_cache=False, jobs=1)
    assert codes(result) == [("app.py", "SEC001", 1)]
    bad = tmp_path / ".codeaudit.toml"
    bad.write_text('min-severity = "huge"\n')
    with pytest.raises(ConfigError, match="min-severity: unknown severity 'huge'"):
        load_file(bad)
    bad.write_text('[[overrides]]\npath = ["x"]\n')
    with pytest.raises(ConfigError, match="overrides\\[0\\]: unknown key 'path'"):
        load_file(bad)


def test_cache_hits_on_rescan_and_misses_on_change(tmp_path):
    (tmp_path / "a.py").write_text(EVAL)
    (tmp_path / "b.py").write_text("x = 1\n")
    first = api.scan([tmp_path], Config(), jobs=1)
    second = api.scan([tmp_path], Config(), jobs=1)
    assert (first.stats["cached"], second.stats["cached"]) == (0, 2)
    assert codes(first) == codes(second)
    assert [f.fingerprint for f in first.findings] == [f.fingerprint for f in second.findings]
    (tmp_path / "b.py").write_text(EVAL)
    third = api.scan([tmp_path], Config(), jobs=1)
    assert third.stats["cached"] == 1 and len(third.findings) == 2
    # A different configuration is a different cache key.
    assert api.scan([tmp_path], Config(ignore=("SEC",)), jobs=1).findings == []
    assert (tmp_path / CACHE_DIR / ".gitignore").read_text().strip().endswith("*")


def test_corrupt_or_foreign_cache_entries_are_ignored(tmp_path):
    (tmp_path / "a.py").write_text(EVAL)
    api.scan([tmp_path], Config(), jobs=1)
    entries = list((tmp_path / CACHE_DIR).rglob("*.json"))
    assert len(entries) == 1
    entries[0].write_text("{broken")
    assert codes(api.scan([tmp_path], Config(), jobs=1)) == [("a.py", "SEC001", 1)]
    payload = json.loads(entries[0].read_text())
    payload["key"] = "someone-else"
    payload["findings"] = []
    entries[0].write_text(json.dumps(payload))
    result = api.scan([tmp_path], Config(), jobs=1)
    assert result.stats["cached"] == 0 and codes(result) == [("a.py", "SEC001", 1)]


def test_output_is_identical_whatever_the_number_of_jobs(tmp_path):
    for i in range(40):
        (tmp_path / f"m{i:02}.py").write_text(("x = 1\n" * i) + EVAL + f"def f{i}(a={{}}):\n    return a\n")
    serial = api.scan([tmp_path], Config(), use_cache=False, jobs=1)
    parallel = api.scan([tmp_path], Config(), use_cache=False, jobs=2)
    assert [f.to_dict() for f in serial.findings] == [f.to_dict() for f in parallel.findings]
    assert len(serial.findings) == 80


def test_rule_crash_is_contained(tmp_path, monkeypatch):
    from codeaudit.registry import load_registry

    rule = load_registry().rules["ABS001"]
    monkeypatch.setattr(rule, "visit_Param", lambda self, node: 1 / 0)
    (tmp_path / "a.py").write_text(EVAL + "def f(a=[]):\n    return a\n")
    result = api.scan([tmp_path], Config(), use_cache=False, jobs=1)
    assert codes(result) == [("a.py", "SEC001", 1)]
    (diag,) = [d for d in result.all_diagnostics if d.kind == "internal-error"]
    assert "rule ABS001 failed: ZeroDivisionError" in diag.message


def test_user_rule_folder_from_config(tmp_path):
    rules = tmp_path / "house_rules"
    rules.mkdir()
    (rules / "no_print.py").write_text(
        '''import libcst as cst
from codeaudit.rule import Category, Confidence, PythonRule, Severity


class NoPrint(PythonRule):
    """No print calls.

    ## What it does
    Flags print().
    ## Why is this bad
    Use logging.
    ## Example
    print(1)
    ## Use instead
    log.info(1)
    """
    code = "COR900"
    slug = "house-no-print"
    category = Category.CORRECTNESS
    severity = Severity.LOW
    confidence = Confidence.HIGH
    VALID = ["log(1)\\n"]
    INVALID = ["print(1)  # expect: COR900\\n"]

    def visit_Call(self, node):
        if self.ctx.call_name(node) == "print":
            self.report(node, "print() in library code")
'''
    )
    (tmp_path / ".codeaudit.toml").write_text('rule-paths = ["house_rules"]\n')
    (tmp_path / "app.py").write_text("print('hi')\n")
    result = api.scan([tmp_path / "app.py"], discover(tmp_path), use_cache=False, jobs=1)
    assert codes(result) == [("app.py", "COR900", 1)]


def test_suppressions(tmp_path):
    (tmp_path / "a.py").write_text(
        "x = eval(input())  # codeaudit: ignore[SEC001] admin console, trusted input\n"
        "# codeaudit: ignore[eval-non-literal] reason on the line above\n"
        "y = eval(input())\n"
        "z = 1  # codeaudit: ignore[SEC001] nothing here\n"
        "s = '# codeaudit: ignore[SEC001] inside a string is not a comment'\n"
    )
    result = api.scan([tmp_path], Config(), use_cache=False, jobs=1)
    assert codes(result) == [("a.py", "COR003", 4)]


def test_rules_sharing_a_query_are_matched_once_and_each_gets_every_match():
    from codeaudit.parsing import treesitter

    shared = "(call_expression) @call"
    query = treesitter.combined_query("javascript", (shared, "(comment) @c", "(call_expression)\n   @call", ""))
    assert query.query.pattern_count == 2  # the layout-only variant is the same query
    root = treesitter.parse("javascript", b"// note\nf(g(1));\n").root_node
    matches = query.matches(root)
    calls = [owners for owners, captures in matches if "call" in captures]
    assert calls == [[0, 2], [0, 2]]  # f(...) and g(1), each routed to both rules that asked for calls
    assert [owners for owners, captures in matches if "c" in captures] == [[1]]
