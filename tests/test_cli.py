"""The CLI contract: formats, selection, exit codes, rules/explain/baseline."""
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from codeaudit.cli import main

DEFECTS = {
    "app.py": "import time\n\nasync def handler():\n    time.sleep(1)\n\nvalue = eval(input())\n",
    "util.py": "def add(item, bucket=[]):\n    bucket.append(item)\n    return bucket\n",
}


@pytest.fixture
def project(tmp_path, monkeypatch):
    for name, text in DEFECTS.items():
        (tmp_path / name).write_text(text)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_scan_defaults_to_text_and_exit_1(project):
    result = run("scan", "--no-cache")
    assert result.exit_code == 1
    assert "app.py" in result.output and "4:5  HIGH     CON001" in result.output
    assert "3 findings in 2 files" in result.output


def test_json_format_and_output_file(project):
    result = run("scan", "--no-cache", "-f", "json", "-o", "report.json")
    assert result.exit_code == 1 and result.output == ""
    data = json.loads((project / "report.json").read_text())
    assert data["schema_version"] == 1
    assert sorted((f["code"], f["path"], f["span"]["start_line"]) for f in data["findings"]) == [
        ("ABS001", "util.py", 1), ("CON001", "app.py", 4), ("SEC001", "app.py", 6),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "args, codes",
    [
        (["--select", "SEC"], {"SEC001"}),
        (["--select", "security,concurrency"], {"SEC001", "CON001"}),
        (["--ignore", "blocking-sleep-in-async", "--ignore", "ABS001"], {"SEC001"}),
        (["--min-severity", "high", "--ignore", "COR"], {"SEC001", "CON001"}),
        (["--select", "CON001,ABS001", "--min-confidence", "high"], {"CON001", "ABS001"}),
    ],
)
def test_selection(project, args, codes):
    result = run("scan", "--no-cache", "-f", "json", *args)
    assert {f["code"] for f in json.loads(result.output)["findings"]} == codes


def test_fail_on_threshold(project):
    assert run("scan", "--no-cache", "--fail-on", "critical").exit_code == 0
    assert run("scan", "--no-cache", "--fail-on", "high").exit_code == 1


def test_clean_tree_exits_0(tmp_path, monkeypatch):
    (tmp_path / "ok.py").write_text("def add(a, b):\n    return a + b\n")
    monkeypatch.chdir(tmp_path)
    result = run("scan", "--no-cache")
    assert result.exit_code == 0 and "0 findings in 1 files" in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["--select", "NOPE999"], "unknown rule selector"),
        (["--min-severity", "extreme"], "unknown severity"),
        (["--format", "xml"], "Invalid value"),
    ],
)
def test_usage_errors_exit_2(project, args, message):
    result = run("scan", *args)
    assert result.exit_code == 2 and message in result.output


def test_bad_config_key_is_named(project):
    (project / ".codeaudit.toml").write_text("selct = ['SEC']\n")
    result = run("scan")
    assert result.exit_code == 2 and "unknown key 'selct'" in result.output


def test_rules_listing_and_json():
    result = run("rules", "--json")
    rules = json.loads(result.output)
    assert {"code", "slug", "category", "severity", "confidence", "cwe"} <= set(rules[0])
    assert len({r["code"] for r in rules}) == len(rules)
    text = run("rules").output
    assert "SEC001  eval-non-literal" in text


def test_explain_prints_docs_with_examples():
    result = run("explain", "ABS001")
    assert result.exit_code == 0
    assert "## Why is this bad" in result.output and "def add_tag(tag, tags=None):" in result.output
    assert run("explain", "mutable-default-argument").output == result.output
    assert run("explain", "XYZ123").exit_code == 2


def test_baseline_hides_known_findings_and_shows_new_ones(project):
    assert run("baseline", "write", "baseline.json", "--no-cache").exit_code == 0
    assert run("scan", "--no-cache", "--baseline", "baseline.json").exit_code == 0
    # Moving code around keeps the baseline valid; a new defect is reported.
    (project / "util.py").write_text("\n\n# moved\n" + DEFECTS["util.py"] + "x = eval(input())\n")
    result = run("scan", "--no-cache", "--baseline", "baseline.json", "-f", "json")
    data = json.loads(result.output)
    assert [(f["code"], f["path"]) for f in data["findings"]] == [("SEC001", "util.py")]
    assert data["summary"]["baseline_hidden"] == 3


def test_broken_baseline_is_a_usage_error(project):
    (project / "baseline.json").write_text("{not json")
    result = run("scan", "--baseline", "baseline.json")
    assert result.exit_code == 2 and "cannot read baseline" in result.output


def test_installed_entry_points(project):
    for command in (["codeaudit"], [sys.executable, "-m", "codeaudit"]):
        proc = subprocess.run([*command, "scan", "--no-cache", "util.py"], capture_output=True, text=True)
        assert proc.returncode == 1, proc.stderr
        assert "ABS001" in proc.stdout


@pytest.mark.parametrize(
    "table, message",
    [
        ("[rule-options.ZZZ999]\nx = 1\n", "rule-options: no rule 'ZZZ999'"),
        ("[rule-options.AIT006]\nonlin = true\n", "rule-options.AIT006: unknown option 'onlin'"),
    ],
)
def test_rule_option_typos_are_usage_errors(project, table, message):
    (project / ".codeaudit.toml").write_text(table)
    result = run("scan", "--no-cache")
    assert result.exit_code == 2 and message in result.output
