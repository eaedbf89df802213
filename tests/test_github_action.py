"""action.yml run for real, step by step, the way the Actions runner would.

Each ``run:`` script of the composite action is executed with bash, with the
``${{ }}`` expressions of its ``env:`` resolved from the inputs and the event,
``$GITHUB_ENV``/``$GITHUB_OUTPUT`` carried between steps, against a real git
repository with a pull-request branch, the real ``codeaudit review`` and the
real bot, talking to the fake GitHub API of test_github_bot.  Only the install
step is replaced (it pip-installs this checkout into a virtualenv, which
test_precommit_hook.test_installed_from_this_checkout covers): CODEAUDIT_BIN
points at the interpreter running the tests.
"""
from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from test_github_bot import PR, REPO, TOKEN, FakeGitHub

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow

BASE_PY = "import os\n\n\ndef greet(name):\n    return 'hi ' + name\n"
HEAD_PY = "import os\n\n\ndef greet(name):\n    return 'hi ' + name\n\n\ndef calc(expr):\n    return eval(expr)\n"


def _action() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text())


def test_action_declares_the_documented_inputs_and_keeps_expressions_out_of_scripts():
    action = _action()
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) >= {"token", "base-ref", "fail-on", "categories", "max-comments", "post"}
    assert action["inputs"]["max-comments"]["default"] == "25"
    for step in action["runs"]["steps"]:
        # script injection hygiene: values reach bash through env, never pasted into the script
        assert "${{" not in step.get("run", ""), step["name"]
    workflow = yaml.safe_load((ROOT / "examples" / "github-workflow.yml").read_text())
    assert workflow["permissions"] == {"contents": "read", "pull-requests": "write", "security-events": "write"}
    steps = workflow["jobs"]["review"]["steps"]
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif@") for s in steps)
    assert "pull_request" in workflow.get("on", workflow.get(True, {}))  # PyYAML reads the key `on` as True


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def _pr_files(repo: Path, base: str, head: str) -> list[dict]:
    files = []
    for path in _git(repo, "diff", "--name-only", base, head).split():
        patch = _git(repo, "diff", "--no-color", base, head, "--", path)
        files.append({"filename": path, "status": "modified", "patch": patch[patch.index("@@") :], "sha": "0" * 40})
    return files


def _resolve(expression: str, ctx: dict) -> str:
    def one(expr: str) -> str:
        expr = expr.strip()
        if " || " in expr:
            return next((v for v in (one(e) for e in expr.split(" || ")) if v), "")
        if expr not in ctx:
            raise AssertionError(f"the test does not know the expression {expr!r}")
        return ctx[expr]

    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: one(m.group(1)), str(expression))


def _run_action(repo: Path, tmp: Path, fake: FakeGitHub, head: str, inputs: dict[str, str]) -> list[subprocess.CompletedProcess]:
    action = _action()
    values = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    values.update(inputs)
    values["token"] = TOKEN  # default ${{ github.token }}
    event = tmp / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": PR, "head": {"sha": head}}}))
    wrapper = tmp / "codeaudit"
    wrapper.write_text(f"#!/bin/sh\nexec {sys.executable} -m codeaudit \"$@\"\n")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    files = {name: tmp / name for name in ("env", "output", "summary")}
    for path in files.values():
        path.write_text("")
    ctx = {f"inputs.{k}": v for k, v in values.items()}
    ctx.update({"github.base_ref": "main", "github.event.pull_request.head.sha": head})
    carried = {"CODEAUDIT_BIN": str(wrapper)}
    results = []
    for step in action["runs"]["steps"]:
        if step["name"] == "Install codeaudit":
            continue
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "PRE_COMMIT"))}
        env.update(carried)
        env.update({
            "GITHUB_ACTION_PATH": str(ROOT), "RUNNER_TEMP": str(tmp), "GITHUB_ENV": str(files["env"]),
            "GITHUB_OUTPUT": str(files["output"]), "GITHUB_STEP_SUMMARY": str(files["summary"]),
            "GITHUB_EVENT_PATH": str(event), "GITHUB_REPOSITORY": REPO, "GITHUB_API_URL": fake.base,
            "GITHUB_SERVER_URL": "https://github.example.test",
        })  # fmt: skip
        env.update({k: _resolve(v, ctx) for k, v in (step.get("env") or {}).items()})
        result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo, env=env, capture_output=True, text=True, timeout=300)
        results.append(result)
        for line in files["env"].read_text().splitlines():
            key, _, value = line.partition("=")
            carried[key] = value
        for line in files["output"].read_text().splitlines():
            key, _, value = line.partition("=")
            ctx[f"steps.{step.get('id')}.outputs.{key}"] = value
        if result.returncode != 0:
            break
    return results


@pytest.fixture(autouse=True)
def _no_pacing(monkeypatch):
    from codeaudit.github import bot

    monkeypatch.setattr(bot, "THROTTLE", (0, 0))


def _pull_request_repo(git_repo: Path) -> tuple[str, str]:
    (git_repo / "svc.py").write_text(BASE_PY)
    git_repo.git("add", "svc.py")
    git_repo.git("commit", "-q", "-m", "base")
    base = git_repo.git("rev-parse", "HEAD").strip()
    git_repo.git("checkout", "-q", "-b", "feature")
    (git_repo / "svc.py").write_text(HEAD_PY)
    git_repo.git("commit", "-q", "-am", "add calc")
    return base, git_repo.git("rev-parse", "HEAD").strip()


def test_action_reviews_a_pull_request_end_to_end(git_repo, tmp_path):
    base, head = _pull_request_repo(git_repo)
    fake = FakeGitHub(files=_pr_files(git_repo, base, head), head=head)
    try:
        results = _run_action(git_repo, tmp_path, fake, head, {"fail-on": "high"})
    finally:
        fake.close()
    logs = "\n".join(r.stdout + r.stderr for r in results)
    assert [r.returncode for r in results] == [0, 1], logs  # review ok; the bot fails on the HIGH eval finding
    assert len(fake.reviews) == 1
    review = fake.reviews[0]
    assert review["commit_id"] == head
    assert [(c["path"], c["line"], c["side"]) for c in review["comments"]] == [("svc.py", 9, "RIGHT")]
    assert "**SEC001**" in review["comments"][0]["body"]
    summary = fake.issue_comments[0]["body"]
    assert "#### Review these first" in summary and "svc\\.py lines" in summary
    sarif = json.loads((git_repo / "codeaudit.sarif").read_text())
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["SEC001"]
    assert "codeaudit review" in (tmp_path / "summary").read_text()
    assert TOKEN not in logs and all(TOKEN not in r["raw"] for r in fake.requests)


def test_action_without_posting_only_annotates(git_repo, tmp_path):
    base, head = _pull_request_repo(git_repo)
    fake = FakeGitHub(files=_pr_files(git_repo, base, head), head=head)
    try:
        results = _run_action(git_repo, tmp_path, fake, head, {"post": "false", "fail-on": "none"})
    finally:
        fake.close()
    assert [r.returncode for r in results] == [0, 0]
    assert fake.requests == []
    assert "::error file=svc.py,line=9" in results[-1].stdout
