"""The rule catalogue's contract: metadata, docs, codes, generated reference."""
from pathlib import Path

import pytest

from codeaudit.docs_gen import render_rules_markdown
from codeaudit.registry import load_registry
from codeaudit.rule import Category

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = load_registry()


@pytest.mark.parametrize("rule", sorted(REGISTRY.rules.values(), key=lambda r: r.code), ids=lambda r: r.code)
def test_rule_metadata_is_complete(rule):
    assert rule.metadata_problems() == []


def test_every_category_has_a_rule():
    assert {r.category for r in REGISTRY.rules.values()} == set(Category)


def test_one_rule_per_file_in_its_category_folder():
    folders = {c: c.value.replace("-", "") for c in Category}
    origins = {}
    for rule in REGISTRY.rules.values():
        path = Path(rule.origin)
        assert path.parent.name == folders[rule.category], f"{rule.code} lives in {path.parent.name}/"
        assert path not in origins, f"{rule.code} and {origins.get(path)} share {path.name}"
        origins[path] = rule.code


def test_generated_rule_reference_is_up_to_date():
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == render_rules_markdown(REGISTRY), "run: python -m codeaudit.docs_gen > docs/rules.md"


def test_at_least_one_python_rule_has_a_tree_sitter_form():
    from codeaudit.rule import PythonRule, TreeSitterRule

    assert any(issubclass(r, PythonRule) and r.fallback_query for r in REGISTRY.rules.values())
    assert any(issubclass(r, TreeSitterRule) and "python" in r.languages for r in REGISTRY.rules.values())


def test_rules_find_their_data_through_packages_not_through_the_rules_folder():
    # In a wheel, rules/ is installed inside the codeaudit package, so a path built from a rule file's own
    # location (`Path(__file__).parents[...]`) points nowhere and the rule fails on every file.
    rules_dir = ROOT / "rules"
    offenders = [p.relative_to(rules_dir) for p in rules_dir.rglob("*.py") if "Path(__file__)" in p.read_text(encoding="utf-8")]
    assert offenders == []
