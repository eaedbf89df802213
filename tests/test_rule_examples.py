"""Every rule's VALID / INVALID / KNOWN examples, through the real engine."""
import pytest

from codeaudit.examples import check_example
from codeaudit.registry import load_registry

RULES = sorted(load_registry().rules.values(), key=lambda r: r.code)


def _cases(kind):
    for rule in RULES:
        for index, example in enumerate(getattr(rule, kind)):
            yield pytest.param(rule, example, id=f"{rule.code}-{kind.lower()}-{index}")


@pytest.mark.parametrize("rule, example", _cases("VALID"))
def test_valid_example_is_silent(rule, example):
    _, reported = check_example(rule, example)
    assert reported == set(), f"{rule.code} fired on a VALID example at lines {sorted(reported)}"


@pytest.mark.parametrize("rule, example", _cases("INVALID"))
def test_invalid_example_reports_exactly_the_marked_lines(rule, example):
    expected, reported = check_example(rule, example)
    assert expected, f"{rule.code}: INVALID example has no '# expect: {rule.code}' marker"
    assert reported == expected


def _known_cases():
    for rule in RULES:
        for index, known in enumerate(rule.KNOWN):
            yield pytest.param(
                rule, known, id=f"{rule.code}-known-{index}", marks=pytest.mark.xfail(strict=True, reason=known.reason)
            )


@pytest.mark.parametrize("rule, known", _known_cases())
def test_known_gap_still_open(rule, known):
    expected, reported = check_example(rule, known.source)
    assert reported == expected
