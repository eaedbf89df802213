"""The bandit layer: SEC900, its superseded table and the on/off switch."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from codeaudit import bandit_layer
from codeaudit.api import Auditor
from codeaudit.cli import main
from codeaudit.config import Config
from codeaudit.registry import load_registry

pytestmark = pytest.mark.skipif(not bandit_layer.available(), reason="bandit is not installed")

FTP = "import ftplib\nftp = ftplib.FTP('files.example.com')\n"
SHELL = "import subprocess\ndef run(name):\n    subprocess.run(f'ls {name}', shell=True)\n"


def test_superseded_tests_name_existing_rules():
    rules = load_registry().rules
    assert all(code in rules for code in bandit_layer.SUPERSEDED.values())
    assert not set(bandit_layer.SUPERSEDED) & set(bandit_layer.NOISE)


def test_remaining_bandit_tests_report_with_bandit_metadata():
    issues = bandit_layer.run("x.py", FTP)
    assert [(i.test_id, i.line, i.cwe) for i in issues] == [("B321", 2, 319)]


def test_superseded_and_noisy_tests_do_not_run():
    source = "import subprocess, pickle, random\nassert True\nsubprocess.run('ls', shell=True)\npickle.loads(b'')\nrandom.random()\n"
    assert bandit_layer.run("x.py", source) == []


def test_nosec_is_honoured():
    assert bandit_layer.run("x.py", FTP.replace("')\n", "')  # nosec B321\n")) == []


def test_bad_input_never_raises():
    assert bandit_layer.run("x.py", "def (:\n") == []


def test_auditor_gives_bandit_cwe_and_no_duplicates():
    auditor = Auditor(Config())
    findings = auditor.audit_bytes("x.py", (FTP + SHELL.replace("import subprocess\n", "import subprocess\n")).encode(), "python").findings
    by_code = {f.code: f for f in findings}
    assert by_code["SEC900"].cwe == (319,) and by_code["SEC900"].extra["bandit_test_id"] == "B321"
    assert "SEC003" in by_code  # the shell call is reported once, by codeaudit's rule
    assert sum(1 for f in findings if f.line == 5) == 1


def test_config_switch_turns_the_layer_off():
    auditor = Auditor(Config(bandit=False))
    assert all(f.code != "SEC900" for f in auditor.audit_bytes("x.py", FTP.encode(), "python").findings)
    assert "SEC900" not in {r.code for r in auditor.base_rules}


def test_cli_no_bandit_flag(tmp_path: Path):
    (tmp_path / "app.py").write_text(FTP, encoding="utf-8")
    runner = CliRunner()
    with_bandit = runner.invoke(main, ["scan", str(tmp_path), "--no-cache", "-f", "sarif"])
    without = runner.invoke(main, ["scan", str(tmp_path), "--no-cache", "--no-bandit", "-f", "sarif"])
    ids = lambda out: [r["ruleId"] for r in json.loads(out)["runs"][0]["results"]]  # noqa: E731
    assert "SEC900" in ids(with_bandit.output)
    assert "SEC900" not in ids(without.output)
    run = json.loads(with_bandit.output)["runs"][0]
    assert any(r["id"] == "SEC900" for r in run["tool"]["driver"]["rules"])
