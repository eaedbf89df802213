import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


class RepoPath(type(Path())):
    """A Path that also carries ``git(*args)`` running git inside it."""


@pytest.fixture
def git_repo(tmp_path):
    """An empty git repository with a committer identity, in a temp dir; ``git_repo.git(...)`` runs git there."""
    repo = RepoPath(tmp_path / "repo")
    repo.mkdir()

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout

    git("init", "-q", "-b", "main")
    git("config", "user.email", "dev@example.test")
    git("config", "user.name", "Dev")
    git("config", "commit.gpgsign", "false")
    repo.git = git  # type: ignore[attr-defined]
    return repo
