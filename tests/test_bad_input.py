"""Bad input gives a clear per-file message and never loses the rest of the run."""
import os
import sys
from pathlib import Path

import pytest

from codeaudit import api
from codeaudit.config import Config

EVAL_LINE = b"result = eval(user_input)\n"


def scan(*paths, **kwargs):
    return api.scan([Path(p) for p in paths], Config(), use_cache=False, jobs=1, **kwargs)


def messages(result):
    return {d.path: d.message for d in result.all_diagnostics}


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """A folder (not a git repo) with one healthy file that must always be audited."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.py").write_bytes(EVAL_LINE)
    return tmp_path


def assert_good_file_audited(result):
    assert [f.code for f in result.findings if f.path == "good.py"] == ["SEC001"]


@pytest.mark.parametrize(
    "name, data, note",
    [
        ("latin.py", "name = 'caf\xe9'\n".encode("latin-1"), "is not valid utf-8"),
        ("bogus.py", b"# -*- coding: no-such-codec -*-\nx = 1\n", "invalid encoding declaration: unknown encoding: no-such-codec"),
        ("blob.py", b"x = 1\x00\x00\x01", "contains NUL bytes"),
        ("huge.py", b"x = 1\n" * 300_000, "over the 1048576-byte limit"),
    ],
    ids=["not-utf8", "wrong-coding-line", "nul-bytes", "oversized"],
)
def test_unauditable_bytes_get_a_note_and_the_rest_is_audited(tree, name, data, note):
    (tree / name).write_bytes(data)
    result = scan(tree)
    assert note in messages(result)[name]
    assert_good_file_audited(result)


def test_coding_line_is_honoured(tree):
    (tree / "declared.py").write_bytes("# -*- coding: latin-1 -*-\nname = 'caf\xe9'\nx = eval(input(name))\n".encode("latin-1"))
    result = scan(tree)
    assert [(f.path, f.line) for f in result.findings if f.path == "declared.py"] == [("declared.py", 3)]


def test_bom_and_crlf_keep_lines_and_columns(tree):
    (tree / "bom.py").write_bytes(b"\xef\xbb\xbfimport os\r\n\r\nx = eval(os.environ['X'])\r\n")
    result = scan(tree)
    (finding,) = [f for f in result.findings if f.path == "bom.py"]
    assert (finding.line, finding.span.start_col) == (3, 5)
    assert finding.snippet == "x = eval(os.environ['X'])"


def test_empty_file_is_fine(tree):
    (tree / "empty.py").write_bytes(b"")
    result = scan(tree)
    assert "empty.py" not in messages(result)
    assert_good_file_audited(result)


def test_fifty_thousand_lines(tree):
    body = "".join(f"value_{i} = {i}\n" for i in range(50_000)) + "total = eval(input())\n"
    (tree / "big.py").write_text(body)
    result = scan(tree)
    assert [f.line for f in result.findings if f.path == "big.py"] == [50_001]


@pytest.mark.parametrize(
    "source",
    [
        "x = " + "[" * 3000 + "]" * 3000 + "\n",
        "x = eval(" + "-" * 3000 + "y)\n",
        "x = " + "lambda: " * 1500 + "1\n",
    ],
    ids=["brackets", "unary-chain", "lambdas"],
)
def test_deep_nesting_never_escapes(tree, source):
    (tree / "deep.py").write_text(source)
    result = scan(tree)
    assert_good_file_audited(result)
    assert all(d.kind != "internal-error" for d in result.all_diagnostics)


def test_syntax_error_is_a_finding_and_tree_sitter_rules_still_run(tree):
    (tree / "broken.py").write_text("def f(:\n    # In a real implementation, check it\n    return eval(x)\n")
    result = scan(tree)
    codes = sorted((f.code, f.line, f.parser) for f in result.findings if f.path == "broken.py")
    assert codes == [("AIT001", 2, "tree-sitter"), ("COR001", 3, "engine"), ("SEC001", 3, "tree-sitter")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tree):
    locked = tree / "locked.py"
    locked.write_bytes(EVAL_LINE)
    locked.chmod(0)
    result = scan(tree)
    assert "cannot be read" in messages(result)["locked.py"]
    assert_good_file_audited(result)


def intercept_read(monkeypatch, name, before_read):
    """Run before_read(path) when the scan reads the file called name."""
    original = Path.read_bytes

    def read_bytes(self):
        if self.name == name:
            before_read(self)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


def test_read_error_is_reported(tree, monkeypatch):
    # Root can read a chmod-0 file, so simulate the permission error the OS would give.
    (tree / "locked.py").write_bytes(EVAL_LINE)

    def deny(path):
        raise PermissionError(13, "Permission denied")

    intercept_read(monkeypatch, "locked.py", deny)
    result = scan(tree)
    assert "cannot be read (Permission denied)" in messages(result)["locked.py"]
    assert_good_file_audited(result)


def test_symlink_loop_and_symlink_out_of_tree(tree, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.py"
    outside.write_bytes(EVAL_LINE)
    (tree / "escape.py").symlink_to(outside)
    (tree / "loop_a.py").symlink_to(tree / "loop_b.py")
    (tree / "loop_b.py").symlink_to(tree / "loop_a.py")
    result = scan(tree)
    notes = messages(result)
    assert "outside the project" in notes["escape.py"]
    assert "symlink loop" in notes["loop_a.py"] and "symlink loop" in notes["loop_b.py"]
    assert_good_file_audited(result)


def test_missing_path_is_reported_and_others_audited(tree):
    result = scan(tree / "nope.py", tree / "good.py")
    assert "no such file" in messages(result)[str(tree / "nope.py")]
    assert_good_file_audited(result)


def test_folder_without_supported_files(tree):
    empty = tree / "docs"
    empty.mkdir()
    (empty / "readme.txt").write_text("hello")
    result = scan(empty)
    assert result.findings == []
    assert "no Python, JavaScript or TypeScript files" in messages(result)[str(empty)]


def test_file_disappearing_mid_run(tree, monkeypatch):
    (tree / "vanish.py").write_bytes(EVAL_LINE)
    intercept_read(monkeypatch, "vanish.py", Path.unlink)
    result = scan(tree)
    assert "disappeared" in messages(result)["vanish.py"]
    assert_good_file_audited(result)


def test_non_ascii_file_names(tree):
    (tree / "données_été.py").write_bytes(EVAL_LINE)
    result = scan(tree)
    assert sorted(f.path for f in result.findings) == ["données_été.py", "good.py"]


def test_audited_code_is_never_executed(tree):
    marker = tree / "executed.txt"
    (tree / "evil.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\nimport os\nos.system('touch {marker}')\n")
    scan(tree)
    assert not marker.exists()
    assert "evil" not in sys.modules
