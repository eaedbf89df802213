"""The pre-commit hooks, end to end with the real pre-commit framework and real `git commit`.

- ``test_hooks_*``: a ``repo: local`` config generated from this checkout's
  ``.pre-commit-hooks.yaml`` (same ids, entries, types and args; only the
  interpreter is pinned to the one running the tests, so no network is needed).
- ``test_installed_from_this_checkout``: the hook repository itself (a copy of
  this checkout's working tree, committed to a temp git repo) used as a
  ``repo:`` in a config, so pre-commit builds its own virtualenv and pip-installs
  codeaudit from it exactly as users get it.  Needs the package index (CI has it).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow

DEFECT_PY = "import subprocess\n\n\ndef run(cmd):\n    return eval(cmd)\n"
CLEAN_PY = "def add(a, b):\n    return a + b\n"
LEGACY_PY = "def legacy(expr):\n    return eval(expr)\n\n\ndef other():\n    return 1\n"
DEFECT_JS = "app.post('/calc', (req, res) => {\n  res.json({ v: eval(req.body.expr) });\n});\n"


def _hooks() -> list[dict]:
    return yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())


def _local_config(ids: list[str]) -> str:
    hooks = []
    for hook in _hooks():
        if hook["id"] not in ids:
            continue
        local = dict(hook)
        assert local["entry"].startswith("codeaudit ")
        local["entry"] = f"{sys.executable} -m codeaudit {local['entry'].split(' ', 1)[1]}"
        local["language"] = "system"
        local.pop("minimum_pre_commit_version", None)
        hooks.append(local)
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]}, sort_keys=False)


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    env.pop("PRE_COMMIT_FROM_REF", None)
    env.pop("PRE_COMMIT_TO_REF", None)
    return env


def _commit(repo: Path, env: dict, message: str) -> subprocess.CompletedProcess:
    result = subprocess.run(["git", "commit", "-m", message], cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    result.stdout = result.stdout + result.stderr  # pre-commit writes to either, depending on the outcome
    return result


def _setup(repo: Path, config: str, env: dict, files: dict[str, str] | None = None) -> None:
    (repo / ".pre-commit-config.yaml").write_text(config)
    for name, text in (files or {}).items():
        (repo / name).write_text(text)
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env, check=True, capture_output=True)
    repo.git("add", "-A")
    repo.git("commit", "-q", "--no-verify", "-m", "initial")


def _commits(repo: Path) -> int:
    return int(repo.git("rev-list", "--count", "HEAD").strip())


def test_hooks_block_a_defective_commit_and_allow_a_clean_one(git_repo, tmp_path):
    env = _env(tmp_path)
    _setup(git_repo, _local_config(["codeaudit"]), env, {"legacy.py": LEGACY_PY})

    (git_repo / "bad.py").write_text(DEFECT_PY)
    git_repo.git("add", "bad.py")
    blocked = _commit(git_repo, env, "add a defect")
    assert blocked.returncode != 0, blocked.stdout + blocked.stderr
    out = blocked.stdout + blocked.stderr
    assert "codeaudit (changed lines)" in out and "Failed" in out
    assert "bad.py" in out and "SEC001" in out and "5:12" in out and "commit blocked" in out
    assert _commits(git_repo) == 1

    git_repo.git("reset", "-q", "bad.py")
    (git_repo / "good.py").write_text(CLEAN_PY)
    git_repo.git("add", "good.py")
    allowed = _commit(git_repo, env, "add clean code")
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert "codeaudit (changed lines)" in allowed.stdout and "Passed" in allowed.stdout
    assert _commits(git_repo) == 2

    # Touching a file with an old defect, without touching the defect's lines, is allowed ...
    (git_repo / "legacy.py").write_text(LEGACY_PY.replace("return 1", "return 2"))
    git_repo.git("add", "legacy.py")
    legacy = _commit(git_repo, env, "tweak legacy")
    assert legacy.returncode == 0, legacy.stdout + legacy.stderr
    assert _commits(git_repo) == 3

    # ... but `pre-commit run --all-files` still reports everything in every file.
    all_files = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=git_repo, env=env,
                               capture_output=True, text=True, timeout=600)  # fmt: skip
    assert all_files.returncode == 1
    assert "legacy.py" in all_files.stdout and "2:12" in all_files.stdout and "on all lines" in all_files.stdout

    # A JavaScript defect is caught too (types_or includes JS/TS).
    git_repo.git("reset", "-q")
    (git_repo / "bad.py").unlink()
    (git_repo / "server.js").write_text(DEFECT_JS)
    git_repo.git("add", "server.js")
    js = _commit(git_repo, env, "add js")
    assert js.returncode != 0 and "server.js" in js.stdout and "SEC101" in js.stdout
    assert _commits(git_repo) == 3


def test_whole_file_variant_reports_untouched_lines(git_repo, tmp_path):
    env = _env(tmp_path)
    _setup(git_repo, _local_config(["codeaudit-all-lines"]), env, {"legacy.py": LEGACY_PY})
    (git_repo / "legacy.py").write_text(LEGACY_PY.replace("return 1", "return 2"))
    git_repo.git("add", "legacy.py")
    result = _commit(git_repo, env, "tweak legacy")
    assert result.returncode != 0
    assert "codeaudit (whole files)" in result.stdout and "legacy.py" in result.stdout and "2:12" in result.stdout
    assert "on all lines" in result.stdout


def test_first_commit_of_a_repository(git_repo, tmp_path):
    env = _env(tmp_path)
    (git_repo / ".pre-commit-config.yaml").write_text(_local_config(["codeaudit"]))
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=git_repo, env=env, check=True, capture_output=True)
    (git_repo / "bad.py").write_text(DEFECT_PY)
    git_repo.git("add", "-A")
    result = _commit(git_repo, env, "root commit")
    assert result.returncode != 0 and "SEC001" in result.stdout


def _copy_checkout(dest: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".codeaudit_cache", "*.egg-info")
    dest.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, dest / name)
    for folder in ("codeaudit", "rules"):
        shutil.copytree(ROOT / folder, dest / folder, ignore=ignore)
    git = lambda *a: subprocess.run(["git", *a], cwd=dest, check=True, capture_output=True, text=True).stdout  # noqa: E731
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("-c", "user.email=ci@example.test", "-c", "user.name=CI", "-c", "commit.gpgsign=false", "commit", "-q", "-m", "hook repo")


@pytest.mark.timeout(900)
def test_installed_from_this_checkout(git_repo, tmp_path):
    hook_repo = tmp_path / "hook-repo"
    _copy_checkout(hook_repo)
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=hook_repo, capture_output=True, text=True, check=True).stdout.strip()
    config = yaml.safe_dump({"repos": [{"repo": str(hook_repo), "rev": rev, "hooks": [{"id": "codeaudit"}]}]})
    env = _env(tmp_path)
    _setup(git_repo, config, env, {"legacy.py": LEGACY_PY})

    (git_repo / "bad.py").write_text(DEFECT_PY)
    git_repo.git("add", "bad.py")
    blocked = _commit(git_repo, env, "add a defect")
    out = blocked.stdout + blocked.stderr
    if blocked.returncode != 0 and "codeaudit (changed lines)" not in out:
        pytest.fail(f"the hook environment could not be installed (needs the package index):\n{out[-3000:]}")
    assert blocked.returncode != 0 and "SEC001" in out and "commit blocked" in out
    assert _commits(git_repo) == 1

    git_repo.git("reset", "-q", "bad.py")
    (git_repo / "good.py").write_text(CLEAN_PY)
    git_repo.git("add", "good.py")
    allowed = _commit(git_repo, env, "add clean code")
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert _commits(git_repo) == 2
