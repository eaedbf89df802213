"""``codeaudit hook``: the command the pre-commit hooks run (see .pre-commit-hooks.yaml).

pre-commit passes the staged files that match the hook's types.  By default
only findings touching the lines this commit adds or changes are reported, so
a legacy file does not block a one-line fix; ``--all-lines`` reports every
finding in the passed files.  The changed lines come from the review
package's diff (``codeaudit.review.gitdiff``), the same one `codeaudit review`
uses:

- on commit: ``git diff --cached`` against HEAD (the empty tree before the first commit);
- with ``PRE_COMMIT_FROM_REF``/``PRE_COMMIT_TO_REF`` (pre-push, ``--from-ref``): that range;
- ``pre-commit run --all-files`` / ``--files``: files that are not all staged mean a manual run,
  and whole files are reported.

Results are cached per file content in ``.codeaudit_cache`` so unchanged
files cost a hash and a JSON read.
"""
from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

import click

EMPTY_TREE = "4b825dc642cb6eb9a060ac54560ae8d4ccfcaf8c"


def changed_lines(root: Path) -> dict[str, set[int]] | None:
    """New-side lines added or changed per path (repo-relative), or None when git cannot tell."""
    try:
        from codeaudit.review import gitdiff
    except ImportError:  # the review package is not installed: report whole files
        return None
    try:
        repo = gitdiff.open_repo(str(root))
    except Exception:  # noqa: BLE001 - not a git repository: nothing is "staged"
        return None
    from_ref, to_ref = os.environ.get("PRE_COMMIT_FROM_REF"), os.environ.get("PRE_COMMIT_TO_REF")
    try:
        if from_ref and to_ref:
            base = repo.git.merge_base(from_ref, to_ref).strip() or from_ref
            changes = gitdiff.diff(repo, base, to_ref)
        else:
            try:
                repo.git.rev_parse("--verify", "--quiet", "HEAD^{commit}")
                base = "HEAD"
            except Exception:  # noqa: BLE001 - no commit yet
                base = EMPTY_TREE
            changes = gitdiff.diff(repo, base, None, staged=True)
    except Exception:  # noqa: BLE001 - a git failure must not block the commit silently: report whole files
        return None
    return {change.path: change.added_line_set() for change in changes if change.new_blob is not None}


def _touches(finding, lines: set[int]) -> bool:
    return any(line in lines for line in range(finding.span.start_line, max(finding.span.start_line, finding.span.end_line) + 1))


@click.command("hook")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--all-lines", is_flag=True, help="Report every finding in FILES, not only those on changed lines.")
@click.option("--fail-on", help="Block the commit at or above this severity (default: the configured fail-on, low).")
@click.option("--select", multiple=True, help="Rules to run: codes, prefixes, slugs or categories (comma list).")
@click.option("--ignore", multiple=True, help="Rules to skip (same forms as --select).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Configuration file to use.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
def hook(files, all_lines, fail_on, select, ignore, config_file, no_cache) -> None:
    """Audit FILES for a pre-commit hook: only findings on the staged changes unless --all-lines."""
    if not files:
        sys.exit(0)
    from codeaudit import api, report
    from codeaudit.cli import _settings
    from codeaudit.results import FileResult
    from codeaudit.rule import Severity

    try:
        threshold = Severity.parse(fail_on) if fail_on else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--fail-on") from None
    config = _settings(list(files), config_file, select, ignore, None, None, threshold)
    result = api.scan(list(files), config, use_cache=not no_cache)  # a pool only for many files (--all-files)

    scope = "all lines"
    hidden = 0
    if not all_lines:
        changed = changed_lines(result.root)
        passed = {f.path for f in result.files}
        if changed is not None and passed <= set(changed):  # a commit: every passed file is staged
            scope = "changed lines"
            kept_files = []
            for file_result in result.files:
                lines = changed.get(file_result.path, set())
                kept = [f for f in file_result.findings if _touches(f, lines)]
                hidden += len(file_result.findings) - len(kept)
                kept_files.append(FileResult(file_result.path, kept, file_result.diagnostics, file_result.cached))
            result = replace(result, files=kept_files)
    findings = [f for f in result.findings]
    if findings or result.all_diagnostics:
        click.echo(report.render("text", result, color=sys.stdout.isatty()), nl=False)
    if hidden:
        click.echo(f"codeaudit: {hidden} finding{'s' if hidden != 1 else ''} on unchanged lines of these files not shown "
                   f"(`codeaudit scan <file>` lists them)")  # fmt: skip
    failing = [f for f in findings if f.severity >= config.fail_on]
    if failing:
        click.echo(f"codeaudit: commit blocked: {len(failing)} finding{'s' if len(failing) != 1 else ''} at or above "
                   f"{config.fail_on.value} on {scope}; fix them, or suppress a deliberate case with "
                   f"`# codeaudit: ignore[CODE] reason` (`git commit --no-verify` skips all hooks)")  # fmt: skip
        sys.exit(1)
    sys.exit(0)
