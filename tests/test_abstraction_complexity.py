"""ABS006 only runs radon on files with a long function, and compares within the file."""
from codeaudit.examples import run_source


def _branchy(name: str, n: int) -> str:
    body = "".join(f"    if x == {i}:\n        x += {i}\n    elif x > {i}:\n        x -= 1\n" for i in range(n))
    return f"def {name}(x):\n{body}    return x\n"


def test_short_files_are_skipped():
    src = _branchy("a", 4) + "\ndef b(x):\n    return x\n\ndef c(x):\n    return x\n"
    assert [f for f in run_source(src, "python") if f.code == "ABS006"] == []


def test_uniformly_complex_files_are_not_reported():
    src = "\n".join(_branchy(n, 12) for n in ("a", "b", "c"))
    assert [f for f in run_source(src, "python") if f.code == "ABS006"] == []


def test_outlier_is_reported_on_its_def_line():
    src = _branchy("big", 12) + "\ndef b(x):\n    return x\n\ndef c(x):\n    return x + 1\n"
    assert [f.line for f in run_source(src, "python") if f.code == "ABS006"] == [1]
