"""The pull-request review bot.

One run = at most one pull-request review (inline comments on the new findings
that sit on diff lines, capped; the rest summarised), one summary comment
created once and then edited in place, outdated comments marked resolved, the
same summary in ``$GITHUB_STEP_SUMMARY``, and workflow annotations instead of
comments when the token cannot write to the pull request (forks) or posting is
off.

Every comment carries a hidden marker ``<!-- codeaudit:fp:<fingerprint> -->``;
a re-run skips findings that already have a live comment by a trusted author
(the token's own user, or ``github-actions[bot]``), so nothing is duplicated.

The token is only handed to PyGithub's auth object; nothing here prints it,
and every message that leaves the bot goes through ``_redact``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from codeaudit.github import markdown as md
from codeaudit.github.diffmap import FileLines, parse_patch
from codeaudit.github.review_input import SEVERITIES, NewFinding, RankedItem, ReviewInput

SUMMARY_MARKER = "<!-- codeaudit:summary -->"
_FP_MARKER = re.compile(r"<!-- codeaudit:fp:([0-9A-Za-z_.-]+)( resolved)? -->")
DEFAULT_BOT_LOGINS = ("github-actions[bot]",)
MAX_SUMMARY_FINDINGS = 50
MAX_ANNOTATIONS = 50
# PyGithub's pacing (seconds between requests, between writes) keeps clear of GitHub's secondary rate limits.
THROTTLE = (0.25, 1.0)


@dataclass
class Options:
    repo: str = ""  # owner/name
    pr_number: int = 0
    token: str = ""
    api_url: str = "https://api.github.com"
    server_url: str = "https://github.com"
    head_sha: str = ""
    max_comments: int = 25
    post: bool = True
    categories: tuple[str, ...] = ()
    fail_on: str | None = None
    step_summary: Path | None = None
    top_items: int = 10
    bot_logins: tuple[str, ...] = ()


@dataclass
class Outcome:
    findings: list[NewFinding]
    posted_review: bool = False
    inline: list[NewFinding] = field(default_factory=list)
    already: list[NewFinding] = field(default_factory=list)
    off_diff: list[NewFinding] = field(default_factory=list)
    overflow: list[NewFinding] = field(default_factory=list)
    resolved: int = 0
    summary: str = ""
    summary_action: str = "none"  # created | updated | unchanged | none
    fallback_reason: str = ""
    failing: list[NewFinding] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.failing else 0


class _Redactor:
    def __init__(self, secret: str) -> None:
        self.secret = secret

    def __call__(self, text: str) -> str:
        return text.replace(self.secret, "***") if self.secret else text


def _log_line(text: str) -> str:
    # Untrusted text (paths, messages) must not start a workflow command: one line, '%'-escaped, prefixed.
    flat = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"codeaudit: {flat}"


# -- selection -------------------------------------------------------------
def select_findings(findings: list[NewFinding], categories: tuple[str, ...]) -> list[NewFinding]:
    if not categories:
        return list(findings)
    wanted = {c.strip().lower() for c in categories if c.strip()}
    return [f for f in findings if f.category.lower() in wanted or any(f.code.lower().startswith(w) for w in wanted)]


def failing_findings(findings: list[NewFinding], fail_on: str | None) -> list[NewFinding]:
    if not fail_on or fail_on.lower() in ("none", "never", "off"):
        return []
    threshold = SEVERITIES.index(fail_on.lower())
    return [f for f in findings if f.severity in SEVERITIES and SEVERITIES.index(f.severity) >= threshold]


def anchor_line(finding: NewFinding, lines: FileLines | None) -> int | None:
    """The diff line to hang an inline comment on: the first added line of the finding, else a context line."""
    if lines is None:
        return None
    span = range(finding.start_line, max(finding.start_line, finding.end_line) + 1)
    for line in span:
        if line in lines.added:
            return line
    for line in span:
        if line in lines.context:
            return line
    return None


# -- rendering --------------------------------------------------------------
def _blob_link(opts: Options, sha: str, path: str, start: int | None, end: int | None = None) -> str:
    url = f"{opts.server_url.rstrip('/')}/{quote(opts.repo, safe='/')}/blob/{quote(sha or 'HEAD', safe='')}/{quote(path, safe='/')}"
    if start:
        url += f"#L{int(start)}" + (f"-L{int(end)}" if end and int(end) != int(start) else "")
    return url


def comment_body(finding: NewFinding) -> str:
    cwe = "".join(f" · CWE-{int(n)}" for n in finding.cwe)
    head = f"{md.severity_badge(finding.severity)} **{md.text(finding.code)}** {md.code(finding.slug)}"
    meta = f"{md.text(finding.category)} · confidence {md.text(finding.confidence)}{cwe}"
    return (
        f"<!-- codeaudit:fp:{md.marker_value(finding.fingerprint)} -->\n"
        f"{head} · {meta}\n\n"
        f"{md.inline(finding.message, limit=1000)}\n\n"
        f"<sub>codeaudit · to silence a deliberate case add a comment "
        f"{md.code(f'codeaudit: ignore[{finding.code}] <reason>')} on the line</sub>"
    )


def resolved_body(original: str, fingerprint: str, head_sha: str) -> str:
    rest = original.split("\n", 1)[1].strip() if _FP_MARKER.match(original) else original.strip()
    return (
        f"<!-- codeaudit:fp:{md.marker_value(fingerprint)} resolved -->\n"
        f"✅ **Resolved**: codeaudit no longer reports this finding as of {md.code(head_sha[:12] or 'the latest push')}.\n\n"
        f"<details><summary>Original comment</summary>\n\n{rest}\n\n</details>"
    )


def _finding_line(finding: NewFinding, opts: Options, sha: str) -> str:
    where = f"[{md.text(finding.path, 200)}:{finding.start_line}]({_blob_link(opts, sha, finding.path, finding.start_line, finding.end_line)})"
    return f"- {md.severity_badge(finding.severity)} **{md.text(finding.code)}** {where}: {md.inline(finding.message, 300)}"


def _ranking(items: list[RankedItem], opts: Options, sha: str) -> list[str]:
    hunks = [i for i in items if i.kind == "hunk"] or [i for i in items if i.kind == "file"]
    commits = [i for i in items if i.kind == "commit"]
    out: list[str] = []
    if hunks:
        out += ["#### Review these first", ""]
        for rank, item in enumerate(sorted(hunks, key=lambda i: -i.score)[: opts.top_items], 1):
            lines = f" lines {item.start}–{item.end}" if item.start else ""
            link = _blob_link(opts, item.sha or sha, item.path, item.start, item.end)
            out.append(f"{rank}. [{md.text(item.path, 200)}{lines}]({link}) · score {item.score:.3g}")
            out += [f"   - {md.inline(reason, 300)}" for reason in item.reasons[:6]]
        out.append("")
    if commits:
        out += ["#### Riskiest commits", ""]
        for rank, item in enumerate(sorted(commits, key=lambda i: -i.score)[: opts.top_items], 1):
            out.append(f"{rank}. {md.code(item.sha[:12])} · score {item.score:.3g}")
            out += [f"   - {md.inline(reason, 300)}" for reason in item.reasons[:6]]
        out.append("")
    return out


def summary_markdown(outcome: Outcome, items: list[RankedItem], opts: Options, sha: str) -> str:
    findings = outcome.findings
    counts = [f"{sum(f.severity == s for f in findings)} {s}" for s in reversed(SEVERITIES) if any(f.severity == s for f in findings)]
    out = [SUMMARY_MARKER, "### codeaudit review", ""]
    if findings:
        out.append(f"**{len(findings)} new finding{'s' if len(findings) != 1 else ''}** in this change: {', '.join(counts)}.")
    else:
        out.append("**No new findings** in this change.")
    if outcome.failing:
        out.append(f"\n❌ {len(outcome.failing)} at or above the `{md.text(opts.fail_on or '')}` threshold: the check fails.")
    out.append("")
    out += _ranking(items, opts, sha)
    if findings:
        out += ["#### New findings", ""]
        out += [_finding_line(f, opts, sha) for f in findings[:MAX_SUMMARY_FINDINGS]]
        if len(findings) > MAX_SUMMARY_FINDINGS:
            out.append(f"- … and {len(findings) - MAX_SUMMARY_FINDINGS} more (see the SARIF upload / code scanning)")
        out.append("")
    on_diff = len(outcome.inline) + len(outcome.already) + len(outcome.overflow)
    if findings and (on_diff or outcome.off_diff):
        note = f"{on_diff} on diff lines"
        if outcome.overflow:
            note += f" ({len(outcome.overflow)} over the inline-comment cap of {opts.max_comments})"
        if outcome.off_diff:
            note += f", {len(outcome.off_diff)} outside the diff lines (listed above only)"
        out += [f"<sub>{note}.</sub>", ""]
    import codeaudit

    out.append(f"<sub>codeaudit {md.text(codeaudit.__version__)} · head {md.code(sha[:12] or 'unknown')}</sub>")
    return "\n".join(out) + "\n"


def annotations(findings: list[NewFinding], limit: int = MAX_ANNOTATIONS) -> list[str]:
    from codeaudit.report.github_report import _escape_data, _escape_property

    level = {"critical": "error", "high": "error", "medium": "warning"}
    lines = []
    for f in findings[:limit]:
        props = ",".join(
            f"{k}={_escape_property(str(v))}"
            for k, v in (("file", f.path), ("line", f.start_line), ("endLine", f.end_line), ("title", f"{f.code} {f.slug}"))
        )
        lines.append(f"::{level.get(f.severity, 'notice')} {props}::{_escape_data(f'{f.message} [{f.severity}]')}")
    if len(findings) > limit:
        lines.append(f"::warning title=codeaudit::{len(findings) - limit} more new findings not annotated")
    return lines


# -- the run ------------------------------------------------------------------
class _CannotWrite(Exception):
    pass


def run(review: ReviewInput, opts: Options, echo: Callable[[str], None] | None = None) -> Outcome:
    redact = _Redactor(opts.token)
    raw_echo = echo or (lambda line: print(line, flush=True))

    def say(text: str) -> None:
        raw_echo(redact(_log_line(text)))

    def emit(command: str) -> None:  # already-escaped workflow commands
        raw_echo(redact(command))

    findings = select_findings(review.findings, opts.categories)
    outcome = Outcome(findings=findings, failing=failing_findings(findings, opts.fail_on))
    sha = opts.head_sha or review.head_sha
    posted = False
    if opts.post and opts.token and opts.repo and opts.pr_number:
        try:
            sha = _post(review, opts, outcome, sha, say)
            posted = True
        except (_CannotWrite, OSError) as exc:  # OSError: requests' connection errors (GitHub unreachable)
            outcome.fallback_reason = redact(str(exc) if isinstance(exc, _CannotWrite) else f"{type(exc).__name__}: cannot reach the GitHub API")
            say(f"cannot write to the pull request ({outcome.fallback_reason}); falling back to annotations")
    elif opts.post:
        outcome.fallback_reason = "no token, repository or pull-request number"
        say(f"not posting: {outcome.fallback_reason}; emitting annotations")
    if not posted:
        outcome.inline, outcome.already, outcome.overflow, outcome.off_diff = [], [], [], []
        outcome.posted_review = False
        outcome.summary = summary_markdown(outcome, review.items, opts, sha)
        for line in annotations(findings):
            emit(line)
    if opts.step_summary:
        try:
            with open(opts.step_summary, "a", encoding="utf-8") as handle:
                handle.write(outcome.summary.replace(SUMMARY_MARKER + "\n", "") + "\n")
        except OSError as exc:
            say(f"cannot write the step summary: {exc.strerror or exc}")
    say(
        f"{len(findings)} new findings; inline comments posted {len(outcome.inline)}, already present "
        f"{len(outcome.already)}, over the cap {len(outcome.overflow)}, off the diff {len(outcome.off_diff)}, "
        f"resolved {outcome.resolved}; summary {outcome.summary_action}"
    )
    if outcome.failing:
        say(f"{len(outcome.failing)} new findings at or above {opts.fail_on}: failing")
    return outcome


def _post(review: ReviewInput, opts: Options, outcome: Outcome, sha: str, say: Callable[[str], None]) -> str:
    try:
        from github import Auth, Github, GithubException
    except ImportError:
        raise _CannotWrite("PyGithub is not installed: pip install 'PyGithub>=2.1'") from None

    gh = Github(
        base_url=opts.api_url.rstrip("/"), auth=Auth.Token(opts.token), per_page=100,
        seconds_between_requests=THROTTLE[0], seconds_between_writes=THROTTLE[1],
    )  # fmt: skip
    try:
        repo = gh.get_repo(opts.repo)
        pr = repo.get_pull(opts.pr_number)
        sha = sha or pr.head.sha
        trusted = set(DEFAULT_BOT_LOGINS) | set(opts.bot_logins)
        if not opts.token.startswith("ghs_"):  # installation tokens (GITHUB_TOKEN) cannot read /user
            try:
                trusted.add(gh.get_user().login)
            except GithubException:
                pass
        diff = {f.filename: parse_patch(f.patch) for f in pr.get_files() if f.patch}
        live: dict[str, object] = {}
        ours: list[tuple[object, str, bool]] = []
        for comment in pr.get_review_comments():
            match = _FP_MARKER.match(comment.body or "")  # anchored: a marker quoted in a message is not ours
            if not match or (comment.user and comment.user.login) not in trusted:
                continue
            resolved = bool(match.group(2))
            ours.append((comment, match.group(1), resolved))
            if not resolved:
                live[match.group(1)] = comment
    except GithubException as exc:
        raise _CannotWrite(f"reading the pull request failed with HTTP {exc.status}") from None

    current = {md.marker_value(f.fingerprint) for f in outcome.findings}
    to_post: list[tuple[NewFinding, int]] = []
    for finding in outcome.findings:
        if md.marker_value(finding.fingerprint) in live:
            outcome.already.append(finding)
            continue
        line = anchor_line(finding, diff.get(finding.path))
        if line is None:
            outcome.off_diff.append(finding)
        else:
            to_post.append((finding, line))
    outcome.inline = [f for f, _ in to_post[: opts.max_comments]]
    outcome.overflow = [f for f, _ in to_post[opts.max_comments :]]
    outcome.summary = summary_markdown(outcome, review.items, opts, sha)

    try:
        if to_post[: opts.max_comments]:
            comments = [
                {"path": f.path, "line": line, "side": "RIGHT", "body": comment_body(f)}
                for f, line in to_post[: opts.max_comments]
            ]
            body = f"**codeaudit**: {len(outcome.inline)} new finding{'s' if len(outcome.inline) != 1 else ''} on the changed lines."
            if outcome.overflow:
                body += f" {len(outcome.overflow)} more over the cap of {opts.max_comments} are listed in the summary comment."
            if outcome.off_diff:
                body += f" {len(outcome.off_diff)} outside the diff lines are listed in the summary comment."
            commit = repo.get_commit(sha)
            try:
                pr.create_review(commit=commit, body=body, event="COMMENT", comments=comments)
            except GithubException as exc:
                if exc.status != 422:
                    raise
                # A line GitHub does not consider part of the diff: post the review without inline comments.
                say("GitHub rejected an inline position (HTTP 422); posting the findings in the review body")
                body += "\n\n" + "\n".join(_finding_line(f, opts, sha) for f, _ in to_post[: opts.max_comments])
                pr.create_review(commit=commit, body=body, event="COMMENT")
            outcome.posted_review = True
        for comment, fingerprint, resolved in ours:
            if resolved or fingerprint in current:
                continue
            comment.edit(resolved_body(comment.body or "", fingerprint, sha))
            _resolve_thread(pr, opts.repo, comment)
            outcome.resolved += 1
        existing = next(
            (c for c in pr.get_issue_comments() if (c.body or "").startswith(SUMMARY_MARKER) and c.user and c.user.login in trusted),
            None,
        )
        if existing is None:
            pr.create_issue_comment(outcome.summary)
            outcome.summary_action = "created"
        elif existing.body != outcome.summary:
            existing.edit(outcome.summary)
            outcome.summary_action = "updated"
        else:
            outcome.summary_action = "unchanged"
    except GithubException as exc:
        if exc.status in (401, 403, 404):
            raise _CannotWrite(f"HTTP {exc.status} from the GitHub API") from None
        raise _CannotWrite(f"the GitHub API failed with HTTP {exc.status}") from None
    return sha


_THREADS_QUERY = """
query($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviewThreads(first: 100) { nodes { id isResolved comments(first: 1) { nodes { databaseId } } } }
    }
  }
}
"""
_RESOLVE = "mutation($id: ID!) { resolveReviewThread(input: {threadId: $id}) { thread { id isResolved } } }"


def _resolve_thread(pr, full_name: str, comment) -> None:
    """Resolve the review thread through GraphQL (REST cannot); the edited body is the fallback."""
    from github import GithubException

    requester = getattr(pr, "_requester", None)
    if requester is None or not hasattr(requester, "graphql_query"):
        return
    owner, name = full_name.split("/", 1)
    try:
        _, data = requester.graphql_query(_THREADS_QUERY, {"owner": owner, "name": name, "number": pr.number})
        threads = data["data"]["repository"]["pullRequest"]["reviewThreads"]["nodes"]
        for thread in threads:
            first = (thread.get("comments") or {}).get("nodes") or [{}]
            if first[0].get("databaseId") == comment.id and not thread.get("isResolved"):
                requester.graphql_query(_RESOLVE, {"id": thread["id"]})
    except (GithubException, KeyError, TypeError, ValueError, IndexError):
        pass
