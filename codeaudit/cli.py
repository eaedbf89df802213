"""The ``codeaudit`` command: a thin click layer over codeaudit.api."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

import codeaudit
from codeaudit.rule import Confidence, Severity

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _comma_list(values: tuple[str, ...]) -> tuple[str, ...] | None:
    items = tuple(part.strip() for value in values for part in value.split(",") if part.strip())
    return items or None


def _enum_option(enum_type: Any):
    def convert(ctx: click.Context, param: click.Parameter, value: str | None):
        if value is None:
            return None
        try:
            return enum_type.parse(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None

    return convert


def _load_config(config_file: str | None, paths: list[Path]):
    from codeaudit import config as config_module

    if config_file:
        return config_module.load_file(Path(config_file))
    return config_module.discover(paths[0] if paths else Path.cwd())


class _Group(click.Group):
    """Exit 2 (not click's default 2-or-1 mix) on any usage or configuration error."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("standalone_mode", True)
        try:
            return super().main(*args, **kwargs)
        except SystemExit:
            raise
        except Exception as exc:  # noqa: BLE001 - last line of defence: a clear message and exit 2
            click.echo(f"codeaudit: internal error: {type(exc).__name__}: {exc}", err=True)
            sys.exit(EXIT_ERROR)


@click.group(cls=_Group)
@click.version_option(codeaudit.__version__, prog_name="codeaudit")
def main() -> None:
    """Find the defects AI assistants write, and rank changes for review."""


def _selection_options(func):
    options = [
        click.option("--select", multiple=True, help="Rules to run: codes, prefixes, slugs or categories (comma list)."),
        click.option("--ignore", multiple=True, help="Rules to skip (same forms as --select)."),
        click.option("--min-severity", callback=_enum_option(Severity), help="Skip rules below this severity."),
        click.option("--min-confidence", callback=_enum_option(Confidence), help="Skip rules below this confidence."),
        click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Configuration file to use."),
        click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes (default: CPU count)."),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _settings(paths: list[Path], config_file, select, ignore, min_severity, min_confidence, fail_on=None):
    from codeaudit.config import ConfigError

    try:
        config = _load_config(config_file, paths)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    config = config.with_cli(
        select=_comma_list(select), ignore=_comma_list(ignore), min_severity=min_severity,
        min_confidence=min_confidence, fail_on=fail_on,
    )  # fmt: skip
    selectors = (*config.select, *config.ignore, *(s for o in config.overrides for s in (*o.select, *o.ignore)))
    if selectors or config.rule_paths or config.rule_options:
        # Validating needs the rules imported; skip it when there is nothing to check (the pre-commit fast path).
        from codeaudit.registry import load_registry

        try:
            registry = load_registry(config.rule_paths)
            for selector in selectors:
                registry.resolve(selector)
            registry.check_options(config.rule_options)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
    return config


def _progress():
    if not sys.stderr.isatty():
        return None
    state = {"last": -1}

    def update(done: int, total: int) -> None:
        if total < 50:
            return
        percent = done * 100 // total
        if percent != state["last"]:
            state["last"] = percent
            end = "\n" if done == total else ""
            click.echo(f"\rcodeaudit: {done}/{total} files ({percent}%)", err=True, nl=False)
            if end:
                click.echo("", err=True)

    return update


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json", "sarif", "github"]), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here instead of stdout.")
@click.option("--fail-on", callback=_enum_option(Severity), help="Exit 1 when a finding is at or above this severity (default: low).")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path), help="Hide findings recorded in this baseline file.")
@click.option("--no-bandit", is_flag=True, help="Do not run bandit's checks (rule SEC900); same as bandit = false.")
@click.option("--online", is_flag=True, help="Ask the package index (PyPI JSON API; $CODEAUDIT_INDEX_URL for a mirror) whether unknown imports exist (AIT006).")
@_selection_options
def scan(paths, fmt, output, fail_on, baseline, no_bandit, online, select, ignore, min_severity, min_confidence, config_file, jobs, no_cache):
    """Audit files and folders (default: the repository or folder you are in)."""
    from codeaudit import api, report
    from codeaudit.baseline import BaselineError, read_baseline

    path_list = list(paths)
    config = _settings(path_list, config_file, select, ignore, min_severity, min_confidence, fail_on)
    if no_bandit:
        config = config.with_cli(bandit=False)
    if online:
        config = config.with_online()
    try:
        known = read_baseline(baseline) if baseline else None
    except BaselineError as exc:
        raise click.UsageError(str(exc)) from None
    result = api.scan(path_list, config, jobs=jobs, use_cache=not no_cache, baseline=known, progress=_progress())
    color = output is None and fmt == "text" and sys.stdout.isatty()
    text = report.render(fmt, result, color=color)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    failing = [f for f in result.findings if f.severity >= config.fail_on]
    sys.exit(EXIT_FINDINGS if failing else EXIT_CLEAN)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable list.")
def rules(as_json: bool) -> None:
    """List every rule: code, slug, category, severity, confidence, CWE."""
    from codeaudit.registry import load_registry

    registry = load_registry()
    items = [
        {
            "code": r.code, "slug": r.slug, "category": r.category.value, "severity": r.severity.value,
            "confidence": r.confidence.value, "cwe": list(r.cwe), "languages": sorted(r.languages),
            "summary": r.summary(),
        }
        for r in sorted(registry.rules.values(), key=lambda r: r.code)
    ]  # fmt: skip
    if as_json:
        click.echo(json.dumps(items, indent=2))
        return
    for item in items:
        cwe = ",".join(f"CWE-{n}" for n in item["cwe"]) or "-"
        click.echo(f"{item['code']}  {item['slug']:40} {item['category']:12} {item['severity']:8} {item['confidence']:7} {cwe:10} {item['summary']}")


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Print a rule's documentation with its bad and good examples."""
    from codeaudit.registry import load_registry

    registry = load_registry()
    rule = registry.rules.get(code.upper()) or registry.by_slug().get(code)
    if rule is None:
        raise click.UsageError(f"no rule {code!r}; `codeaudit rules` lists them")
    cwe = ", ".join(f"CWE-{n}" for n in rule.cwe) or "none"
    click.echo(f"{rule.code} {rule.slug}\ncategory {rule.category.value}, severity {rule.severity.value}, "
               f"confidence {rule.confidence.value}, {cwe}\n")  # fmt: skip
    click.echo(rule.doc())


@main.group()
def baseline() -> None:
    """Record today's findings so later scans report only new ones."""


@baseline.command("write")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_selection_options
def baseline_write(file, paths, select, ignore, min_severity, min_confidence, config_file, jobs, no_cache):
    """Write the fingerprints of the current findings of PATHS to FILE."""
    from codeaudit import api
    from codeaudit.baseline import write_baseline

    path_list = list(paths)
    config = _settings(path_list, config_file, select, ignore, min_severity, min_confidence)
    result = api.scan(path_list, config, jobs=jobs, use_cache=not no_cache)
    write_baseline(file, result.findings)
    click.echo(f"codeaudit: wrote {len(result.findings)} findings to {file}")


from codeaudit.review.command import review  # noqa: E402 - registered last to keep the scan CLI import light

main.add_command(review)

from codeaudit.github.command import github_review  # noqa: E402 - integrations (issue 8); both modules import lazily
from codeaudit.hook import hook  # noqa: E402

main.add_command(github_review)
main.add_command(hook)
