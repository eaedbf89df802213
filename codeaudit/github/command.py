"""``codeaudit github-review``: post the review of a pull request (see docs/integrations.md)."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

_SEVERITY_CHOICES = ["none", "info", "low", "medium", "high", "critical"]


def _event() -> dict:
    path = os.environ.get("GITHUB_EVENT_PATH")
    if not path:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


@click.command("github-review")
@click.option("--review-json", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="JSON written by `codeaudit review -f json` (ranking + new findings).")
@click.option("--sarif", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="SARIF written by `codeaudit review -f sarif` (new findings).")
@click.option("--repo", envvar="GITHUB_REPOSITORY", help="owner/name (default: $GITHUB_REPOSITORY).")
@click.option("--pr", "pr_number", type=int, help="Pull-request number (default: from $GITHUB_EVENT_PATH).")
@click.option("--head-sha", help="Commit the comments attach to (default: the pull request's head).")
@click.option("--max-comments", type=click.IntRange(min=0), default=25, show_default=True,
              help="Inline comments per run; the rest are summarised.")
@click.option("--categories", multiple=True, help="Only these categories or code prefixes (comma list).")
@click.option("--fail-on", type=click.Choice(_SEVERITY_CHOICES), default="none", show_default=True,
              help="Exit 1 when a new finding is at or above this severity.")
@click.option("--post/--no-post", default=True, show_default=True,
              help="Post to the pull request; --no-post only writes the step summary and annotations.")
@click.option("--step-summary", envvar="GITHUB_STEP_SUMMARY", type=click.Path(dir_okay=False, path_type=Path),
              help="Markdown summary file (default: $GITHUB_STEP_SUMMARY).")
@click.option("--api-url", envvar="GITHUB_API_URL", default="https://api.github.com",
              help="REST API root (default: $GITHUB_API_URL, for GitHub Enterprise Server).")
@click.option("--server-url", envvar="GITHUB_SERVER_URL", default="https://github.com", help="Web root for links.")
@click.option("--bot-login", multiple=True, help="Extra author logins whose codeaudit comments are ours.")
def github_review(review_json, sarif, repo, pr_number, head_sha, max_comments, categories, fail_on, post,
                  step_summary, api_url, server_url, bot_login) -> None:  # fmt: skip
    """Post the findings of `codeaudit review` on a GitHub pull request.

    The token is read from $GITHUB_TOKEN (or $CODEAUDIT_GITHUB_TOKEN) only, never from the command line,
    so it cannot leak through the process list or shell history.
    """
    from codeaudit.github import bot, review_input

    if review_json is None and sarif is None:
        raise click.UsageError("give --review-json and/or --sarif (the outputs of `codeaudit review`)")
    try:
        review = review_input.load(review_json, sarif)
    except (OSError, ValueError) as exc:
        raise click.UsageError(f"cannot read the review output: {exc}") from None
    event = _event()
    pull = event.get("pull_request") or {}
    token = os.environ.get("CODEAUDIT_GITHUB_TOKEN") or os.environ.get("GITHUB_TOKEN") or ""
    options = bot.Options(
        repo=repo or "", pr_number=pr_number or int(pull.get("number") or 0), token=token,
        api_url=api_url, server_url=server_url, head_sha=head_sha or (pull.get("head") or {}).get("sha") or "",
        max_comments=max_comments, post=post,
        categories=tuple(p.strip() for c in categories for p in c.split(",") if p.strip()),
        fail_on=None if fail_on == "none" else fail_on, step_summary=step_summary, bot_logins=tuple(bot_login),
    )  # fmt: skip
    outcome = bot.run(review, options, echo=lambda line: click.echo(line))
    sys.exit(outcome.exit_code)
