"""Scan orchestration: walk -> read -> (cache | parse + rules) -> results.

``scan()`` is what the CLI, the pre-commit hook and the review command use.
Files are audited in-process for a handful of files and on a process pool for
many; results come back in path order whatever the number of jobs.
"""
from __future__ import annotations

import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from codeaudit.cache import Cache
from codeaudit.config import Config
from codeaudit.finding import Finding
from codeaudit.registry import Registry, load_registry, rules_signature
from codeaudit.results import Diagnostic, FileResult
from codeaudit.rule import Rule
from codeaudit.walker import Target, walk

if TYPE_CHECKING:
    from codeaudit.engine import RuleSet

PARALLEL_THRESHOLD = 16  # fewer files than this: a pool costs more than it saves


@dataclass
class ScanResult:
    root: Path
    files: list[FileResult]
    diagnostics: list[Diagnostic]
    auditor: "Auditor"
    elapsed: float = 0.0
    baseline_hidden: int = 0
    stats: dict[str, int] = field(default_factory=dict)

    @property
    def rules(self) -> list[type[Rule]]:
        """The rules the scan selected (imports them if every file came from the cache)."""
        return self.auditor.base_rules

    @property
    def findings(self) -> list[Finding]:
        return [f for result in self.files for f in result.findings if not f.baseline]

    @property
    def all_diagnostics(self) -> list[Diagnostic]:
        return self.diagnostics + [d for result in self.files for d in result.diagnostics]


class Auditor:
    """Audits file contents under one configuration (one per process).

    The engine, libcst and the rule files are imported on first use, so a
    run served entirely from the cache (the usual pre-commit case) skips them.
    """

    def __init__(self, config: Config, registry: Registry | None = None) -> None:
        self.config = config
        #: Absolute repository root of the scan (set by the scan); lets rules find manifests near a file.
        self.root: str | None = None
        self._registry = registry
        self._rulesets: dict[tuple[int, ...], RuleSet] = {}

    @cached_property
    def registry(self) -> Registry:
        return self._registry or load_registry(self.config.rule_paths)

    @cached_property
    def base_rules(self) -> list[type[Rule]]:
        from codeaudit import bandit_layer

        config = self.config
        rules = self.registry.select(config.select, config.ignore, config.min_severity, config.min_confidence)
        return rules if config.bandit else [r for r in rules if r.code != bandit_layer.CODE]

    def ruleset_for(self, relpath: str) -> RuleSet:
        """Per-path overrides (e.g. tests/ ignoring SEC) give each path its rule set."""
        applicable = tuple(i for i, o in enumerate(self.config.overrides) if o.matches(relpath))
        if applicable not in self._rulesets:
            codes = {r.code for r in self.base_rules}
            for index in applicable:
                override = self.config.overrides[index]
                for selector in override.select:
                    codes |= self.registry.resolve(selector)
                for selector in override.ignore:
                    codes -= self.registry.resolve(selector)
            if not self.config.bandit:  # the bandit layer (SEC900) is switched off
                from codeaudit import bandit_layer

                codes.discard(bandit_layer.CODE)
            from codeaudit.engine import RuleSet

            rules = [self.registry.rules[c] for c in sorted(codes)]
            self._rulesets[applicable] = RuleSet(rules, self.registry.rules)
        return self._rulesets[applicable]

    def audit_bytes(self, relpath: str, data: bytes, language: str) -> FileResult:
        from codeaudit import bandit_layer
        from codeaudit.engine import audit_source, python_recursion_headroom

        python_recursion_headroom()
        result = audit_source(
            relpath, data, language, self.ruleset_for(relpath), self.config.rule_options, root=self.root
        )
        bandit_layer.refine(result.findings)  # bandit's own CWE on SEC900 findings
        return result

    def cache_salt(self) -> str:
        return f"{rules_signature(self.config.rule_paths)}|{self.config.fingerprint()}"


_WORKER: dict[str, object] = {}


def _init_worker(config: Config, root: Path, use_cache: bool) -> None:
    auditor = Auditor(config)
    auditor.root = str(root)
    _WORKER.update(auditor=auditor, cache=Cache(root, auditor.cache_salt()) if use_cache else None)


def _audit_target(target: Target) -> FileResult:
    auditor: Auditor = _WORKER["auditor"]  # type: ignore[assignment]
    cache: Cache | None = _WORKER["cache"]  # type: ignore[assignment]
    try:
        data = target.path.read_bytes()
    except FileNotFoundError:
        return _unreadable(target, "disappeared during the run")
    except OSError as exc:
        return _unreadable(target, f"cannot be read ({exc.strerror or exc})")
    key = cache.key(target.relpath, data) if cache else ""
    if cache:
        hit = cache.get(key)
        if hit is not None:
            return hit
    result = auditor.audit_bytes(target.relpath, data, target.language)
    if cache:
        cache.put(key, result)
    return result


def _unreadable(target: Target, why: str) -> FileResult:
    return FileResult(target.relpath, diagnostics=[Diagnostic(target.relpath, "unreadable", f"{target.relpath}: {why}; skipped")])


def scan(
    paths: Iterable[Path],
    config: Config,
    *,
    jobs: int | None = None,
    use_cache: bool = True,
    baseline: set[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ScanResult:
    started = time.perf_counter()
    walked = walk(list(paths), config.exclude, config.max_file_size)
    jobs = max(1, jobs or os.cpu_count() or 1)
    _init_worker(config, walked.root, use_cache)
    auditor: Auditor = _WORKER["auditor"]  # type: ignore[assignment]
    results: list[FileResult] = []
    targets = walked.targets
    if jobs > 1 and len(targets) >= PARALLEL_THRESHOLD:
        context = get_context("fork" if sys.platform.startswith("linux") else "spawn")
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                                 initargs=(config, walked.root, use_cache)) as pool:  # fmt: skip
            for result in pool.map(_audit_target, targets, chunksize=max(1, min(32, len(targets) // (jobs * 8)))):
                results.append(result)
                if progress:
                    progress(len(results), len(targets))
    else:
        for target in targets:
            results.append(_audit_target(target))
            if progress:
                progress(len(results), len(targets))
    hidden = 0
    if baseline:
        for result in results:
            for finding in result.findings:
                if finding.fingerprint in baseline:
                    finding.baseline = True
                    hidden += 1
    results.sort(key=lambda r: r.path)
    return ScanResult(
        root=walked.root,
        files=results,
        diagnostics=walked.diagnostics,
        auditor=auditor,
        elapsed=time.perf_counter() - started,
        baseline_hidden=hidden,
        stats={"files": len(targets), "cached": sum(r.cached for r in results)},
    )
