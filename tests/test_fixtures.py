"""Realistic fixture files per rule, compared exhaustively.

fixtures/rules/<CODE>/<file> is audited with every rule enabled; every
finding must be marked on its line with ``expect: CODE`` and every marker
must be found. A fixture therefore also proves the other rules stay silent.
"""
from pathlib import Path

import pytest

from codeaudit.examples import expected_lines, run_source
from codeaudit.walker import language_of

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "rules"
FILES = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and language_of(p.name))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_fixture_findings_match_markers_exactly(path):
    source = path.read_text(encoding="utf-8")
    findings = run_source(source, language_of(path.name), path=path.name)
    reported = {(f.line, f.code) for f in findings}
    expected = {(line, code) for line, codes in expected_lines(source).items() for code in codes}
    assert reported == expected, "\n".join(f"{f.line}: {f.code} {f.message}" for f in findings)


def test_every_fixture_folder_is_named_after_a_rule():
    from codeaudit.registry import load_registry

    codes = set(load_registry().rules)
    assert {p.name for p in FIXTURES.iterdir() if p.is_dir()} <= codes
