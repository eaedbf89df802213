"""The ``codeaudit review`` click command."""
from __future__ import annotations

import sys
from pathlib import Path

import click

FORMATS = ("text", "markdown", "json", "sarif", "html")


@click.command()
@click.argument("base", required=False)
@click.option("--head", help="Revision to review (default: HEAD).")
@click.option("--staged", is_flag=True, help="Review the index against BASE (default HEAD).")
@click.option("--by", type=click.Choice(["hunk", "file", "commit"]), help="Rank hunks, files or commits (default: commit for a range A..B, else hunk).")
@click.option("--per-line", is_flag=True, help="Rank by risk per changed line: the most bug-prone changes for a fixed reading budget (default: risk, size counted partly).")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here instead of stdout.")
@click.option("--top", type=click.IntRange(min=0), default=0, help="Show only the N highest-ranked items in text/markdown (0: all).")
@click.option("--repo", "repo_path", default=".", type=click.Path(file_okay=False), help="Repository to review (default: the one you are in).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Configuration file to use.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes for auditing (default: CPU count).")
@click.option("--fail-on-new", is_flag=True, help="Exit 1 when the change adds findings.")
def review(base, head, staged, by, per_line, fmt, output, top, repo_path, config_file, jobs, fail_on_new):
    """Rank a change for review: BASE (default: merge-base with the default branch), or a range A..B."""
    from codeaudit import config as config_module
    import importlib
    from codeaudit.review.analysis import review as run_review
    from codeaudit.review.gitdiff import ReviewError

    try:
        config = config_module.load_file(Path(config_file)) if config_file else config_module.discover(Path(repo_path).resolve())
    except config_module.ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    try:
        result = run_review(repo_path, base, head, staged=staged, by=by, config=config, jobs=jobs, per_line=per_line)
    except ReviewError as exc:
        click.echo(f"codeaudit review: {exc}", err=True)
        sys.exit(2)
    color = output is None and fmt == "text" and sys.stdout.isatty()
    text = importlib.import_module(f"codeaudit.report.review_{fmt}").render(result, color=color, top=top)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    sys.exit(1 if fail_on_new and result.new_findings else 0)
