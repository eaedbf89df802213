"""Find, load and select rules.

Built-in rules live in the top-level ``rules/`` folder of the source tree; the
wheel ships that folder as ``codeaudit/rules``. Either way the loader mounts it
as the package ``codeaudit.rules`` and imports every rule file. Users' own rule
folders (config ``rule-paths``) load the same way under their own package name.
Loading never imports audited code: only rule files.
"""
from __future__ import annotations

import hashlib
import importlib.util
import sys
import types
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import codeaudit
from codeaudit.rule import Category, Confidence, Rule, Severity, iter_rule_classes


class RuleLoadError(Exception):
    pass


def builtin_rules_dir() -> Path:
    package_dir = Path(codeaudit.__file__).resolve().parent
    installed = package_dir / "rules"
    return installed if installed.is_dir() else package_dir.parent / "rules"


def _mount_package(name: str, folder: Path) -> None:
    if name not in sys.modules:
        package = types.ModuleType(name)
        package.__path__ = [str(folder)]
        sys.modules[name] = package


def _load_folder(folder: Path, package: str) -> list[type[Rule]]:
    _mount_package(package, folder)
    rules = []
    for path in sorted(folder.rglob("*.py")):
        if path.name.startswith("_"):
            continue
        parts = path.relative_to(folder).with_suffix("").parts
        for depth in range(1, len(parts)):
            _mount_package(".".join((package, *parts[:depth])), folder.joinpath(*parts[:depth]))
        module_name = ".".join((package, *parts))
        module = sys.modules.get(module_name)
        if module is None:
            spec = importlib.util.spec_from_file_location(module_name, path)
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules[module_name] = module
            try:
                spec.loader.exec_module(module)
            except Exception as exc:
                del sys.modules[module_name]
                raise RuleLoadError(f"cannot load rule file {path}: {type(exc).__name__}: {exc}") from exc
        for rule in iter_rule_classes(vars(module)):
            rule.origin = str(path)
            rules.append(rule)
    return rules


@dataclass(frozen=True)
class Registry:
    rules: dict[str, type[Rule]]  # by code

    def by_slug(self) -> dict[str, type[Rule]]:
        return {rule.slug: rule for rule in self.rules.values()}

    def resolve(self, selector: str) -> set[str]:
        """Codes matched by a selector: code, code prefix, slug, category or ALL."""
        token = selector.strip()
        if not token:
            return set()
        if token.upper() == "ALL":
            return set(self.rules)
        if token in self.rules:
            return {token}
        slugs = self.by_slug()
        if token in slugs:
            return {slugs[token].code}
        try:
            category = Category.parse(token)
            return {code for code, rule in self.rules.items() if rule.category is category}
        except ValueError:
            pass
        matched = {code for code in self.rules if code.startswith(token.upper())}
        if not matched:
            raise ValueError(f"unknown rule selector {token!r} (not a code, prefix, slug or category)")
        return matched

    def check_options(self, rule_options: dict[str, dict[str, object]]) -> None:
        """Reject options for unknown rules or that a rule does not declare (a typo must not pass silently)."""
        for code, options in rule_options.items():
            rule = self.rules.get(code)
            if rule is None:
                raise ValueError(f"rule-options: no rule {code!r}")
            unknown = sorted(set(options) - set(rule.options))
            if unknown:
                known = ", ".join(sorted(rule.options)) or "none"
                raise ValueError(f"rule-options.{code}: unknown option {unknown[0]!r} (options of {code}: {known})")

    def select(
        self,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        min_severity: Severity | None = None,
        min_confidence: Confidence | None = None,
    ) -> list[type[Rule]]:
        chosen = set().union(*(self.resolve(s) for s in select)) if select else set(self.rules)
        chosen -= set().union(*(self.resolve(s) for s in ignore)) if ignore else set()
        rules = [self.rules[code] for code in sorted(chosen)]
        if min_severity is not None:
            rules = [r for r in rules if r.severity >= min_severity]
        if min_confidence is not None:
            rules = [r for r in rules if r.confidence >= min_confidence]
        return rules


def _rule_folders(extra_folders: tuple[str, ...]) -> list[tuple[Path, str]]:
    folders = [(builtin_rules_dir(), "codeaudit.rules")]
    for folder in extra_folders:
        digest = hashlib.sha1(folder.encode()).hexdigest()[:10]
        folders.append((Path(folder), f"codeaudit_user_rules_{digest}"))
    for folder, _ in folders:
        if not folder.is_dir():
            raise RuleLoadError(f"rule folder {folder} does not exist")
    return folders


@lru_cache(maxsize=None)
def rules_signature(extra_folders: tuple[str, ...] = ()) -> str:
    """Hash of codeaudit's own files and every rule file, read as bytes (nothing imported).

    It keys the result cache, so a run whose files are all cached never has to
    import libcst or the rules; any edit to the engine, its data or a rule misses.
    """
    hasher = hashlib.sha256(codeaudit.__version__.encode())
    package_dir = Path(codeaudit.__file__).resolve().parent
    trees = [package_dir, *(folder for folder, _ in _rule_folders(extra_folders))]
    for tree in trees:
        for path in sorted(tree.rglob("*")):
            if path.is_file() and path.suffix not in (".pyc", ".pyo"):
                hasher.update(str(path.relative_to(tree)).encode() + b"\0" + path.read_bytes())
    return hasher.hexdigest()


@lru_cache(maxsize=None)
def load_registry(extra_folders: tuple[str, ...] = ()) -> Registry:
    rules: dict[str, type[Rule]] = {}
    slugs: dict[str, str] = {}
    for folder, package in _rule_folders(extra_folders):
        for rule in _load_folder(folder, package):
            if rule.code in rules:
                raise RuleLoadError(f"duplicate rule code {rule.code} in {rule.origin} and {rules[rule.code].origin}")
            if rule.slug in slugs:
                raise RuleLoadError(f"duplicate rule slug {rule.slug} ({rule.code} and {slugs[rule.slug]})")
            rules[rule.code] = rule
            slugs[rule.slug] = rule.code
    return Registry(rules=rules)
