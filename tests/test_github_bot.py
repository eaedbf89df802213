"""The review bot against a local fake of the GitHub REST (and GraphQL) API on 127.0.0.1.

The fake implements only the endpoints the bot uses, stores what is posted,
and records every request so the tests can assert the exact traffic: one
review, its comment bodies and lines, no duplicates on a re-run, the summary
edited in place, nothing posted by a read-only (fork) token, and the token
never appearing in any body, log line or summary.
"""
from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from codeaudit.github import markdown as md
from codeaudit.github.command import github_review

TOKEN = "ghs_TESTtoken0123456789abcdefSECRET"
REPO = "octo/demo"
PR = 7
HEAD = "a" * 40
BOT = "github-actions[bot]"

PATCH_VIEWS = """@@ -1,4 +1,8 @@
 import os
+import subprocess
 
 def handler(request):
-    return None
+    cmd = request.args["cmd"]
+    subprocess.run(cmd, shell=True)
+    eval(request.args["expr"])
+    return None
"""
PATCH_UTIL = """@@ -10,3 +10,4 @@ def helper():
     x = 1
+    y = eval(data)
     return x
"""


class FakeGitHub:
    def __init__(self, read_only: bool = False, files: list[dict] | None = None, head: str = HEAD) -> None:
        self.read_only = read_only
        self.reject_positions = False
        self.head = head
        self.files = files if files is not None else [
            {"filename": "app/views.py", "status": "modified", "patch": PATCH_VIEWS, "sha": "1" * 40},
            {"filename": "app/util.py", "status": "modified", "patch": PATCH_UTIL, "sha": "2" * 40},
            {"filename": "logo.png", "status": "added", "sha": "3" * 40},
        ]
        self.requests: list[dict] = []
        self.reviews: list[dict] = []
        self.review_comments: list[dict] = []
        self.issue_comments: list[dict] = []
        self.resolved_threads: set[int] = set()
        self.next_id = 1000
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/api/v3"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- helpers -------------------------------------------------------------
    def _id(self) -> int:
        self.next_id += 1
        return self.next_id

    @property
    def writes(self) -> list[dict]:
        return [r for r in self.requests if r["method"] in ("POST", "PATCH", "PUT", "DELETE") and not r["path"].endswith("/graphql")]

    def _repo(self) -> dict:
        return {"id": 1, "name": "demo", "full_name": REPO, "owner": {"login": "octo"}, "url": f"{self.base}/repos/{REPO}"}

    def _pull(self) -> dict:
        url = f"{self.base}/repos/{REPO}/pulls/{PR}"
        return {
            "id": 70, "number": PR, "url": url, "issue_url": f"{self.base}/repos/{REPO}/issues/{PR}",
            "head": {"sha": self.head, "ref": "feature"}, "base": {"sha": "b" * 40, "ref": "main", "repo": self._repo()},
        }  # fmt: skip

    def _route(self, method: str, path: str, body: dict | None) -> tuple[int, object]:
        repo = f"/api/v3/repos/{REPO}"
        if method == "GET" and path == "/api/v3/user":
            return 403, {"message": "Resource not accessible by integration"}
        if method == "GET" and path == repo:
            return 200, self._repo()
        if method == "GET" and path == f"{repo}/pulls/{PR}":
            return 200, self._pull()
        if method == "GET" and path == f"{repo}/commits/{self.head}":
            return 200, {"sha": self.head, "url": f"{self.base}/repos/{REPO}/commits/{self.head}"}
        if method == "GET" and path == f"{repo}/pulls/{PR}/files":
            return 200, self.files
        if method == "GET" and path == f"{repo}/pulls/{PR}/comments":
            return 200, self.review_comments
        if method == "GET" and path == f"{repo}/issues/{PR}/comments":
            return 200, self.issue_comments
        if method == "POST" and path == f"{repo}/pulls/{PR}/reviews":
            if self.read_only:
                return 403, {"message": "Resource not accessible by integration"}
            if self.reject_positions and body.get("comments"):
                self.reject_positions = False
                return 422, {"message": "Unprocessable Entity", "errors": ["Line could not be resolved"]}
            review_id = self._id()
            self.reviews.append(body)
            for comment in body.get("comments", []):
                cid = self._id()
                self.review_comments.append({
                    "id": cid, "body": comment["body"], "path": comment["path"], "line": comment["line"],
                    "user": {"login": BOT, "type": "Bot"}, "pull_request_review_id": review_id,
                    "url": f"{self.base}/repos/{REPO}/pulls/comments/{cid}",
                })  # fmt: skip
            return 200, {"id": review_id, "body": body.get("body"), "state": "COMMENTED", "commit_id": body.get("commit_id")}
        if method == "PATCH" and path.startswith(f"{repo}/pulls/comments/"):
            cid = int(path.rsplit("/", 1)[1])
            for comment in self.review_comments:
                if comment["id"] == cid:
                    comment["body"] = body["body"]
                    return 200, comment
            return 404, {"message": "Not Found"}
        if method == "POST" and path == f"{repo}/issues/{PR}/comments":
            if self.read_only:
                return 403, {"message": "Resource not accessible by integration"}
            cid = self._id()
            comment = {"id": cid, "body": body["body"], "user": {"login": BOT, "type": "Bot"},
                       "url": f"{self.base}/repos/{REPO}/issues/comments/{cid}"}  # fmt: skip
            self.issue_comments.append(comment)
            return 201, comment
        if method == "PATCH" and path.startswith(f"{repo}/issues/comments/"):
            cid = int(path.rsplit("/", 1)[1])
            for comment in self.issue_comments:
                if comment["id"] == cid:
                    comment["body"] = body["body"]
                    return 200, comment
            return 404, {"message": "Not Found"}
        if method == "POST" and path == "/api/graphql":
            if "resolveReviewThread" in body["query"]:
                cid = int(body["variables"]["id"].split("_", 1)[1])
                self.resolved_threads.add(cid)
                return 200, {"data": {"resolveReviewThread": {"thread": {"id": body["variables"]["id"], "isResolved": True}}}}
            nodes = [
                {"id": f"T_{c['id']}", "isResolved": c["id"] in self.resolved_threads, "comments": {"nodes": [{"databaseId": c["id"]}]}}
                for c in self.review_comments
            ]
            return 200, {"data": {"repository": {"pullRequest": {"reviewThreads": {"nodes": nodes}}}}}
        return 404, {"message": f"Not Found: {method} {path}"}

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else None
                parts = urlsplit(self.path)
                fake.requests.append({
                    "method": self.command, "path": parts.path, "query": parts.query, "body": body,
                    "raw": raw.decode("utf-8", "replace"), "authorization": self.headers.get("Authorization", ""),
                })  # fmt: skip
                status, payload = fake._route(self.command, parts.path, body)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve

        return Handler


@pytest.fixture(autouse=True)
def _no_pacing(monkeypatch):
    from codeaudit.github import bot

    monkeypatch.setattr(bot, "THROTTLE", (0, 0))


@pytest.fixture
def fake():
    server = FakeGitHub()
    yield server
    server.close()


def _finding(code, path, line, message, severity="high", category="security", slug="x", snippet="", end=None, fp=None):
    return {
        "code": code, "slug": slug, "category": category, "severity": severity, "confidence": "high", "cwe": [78],
        "path": path, "span": {"start_line": line, "start_col": 5, "end_line": end or line, "end_col": 10},
        "message": message, "snippet": snippet or f"line {line}", "fingerprint": fp or f"{code.lower()}{path.replace('/', '')}{line}".replace(".", ""),
    }  # fmt: skip


def _write_review(tmp_path: Path, findings: list[dict], name="review.json") -> Path:
    hunk_findings = [f for f in findings if f["path"] == "app/views.py"]
    document = {
        "items": [
            {"kind": "hunk", "path": "app/views.py", "start": 1, "end": 8, "score": 9.25,
             "reasons": ["2 new HIGH security findings", "complexity of `handler` 1 -> 3"], "findings": hunk_findings},
            {"kind": "hunk", "path": "app/util.py", "start": 10, "end": 13, "score": 2.5,
             "reasons": ["1 new finding"], "findings": [f for f in findings if f["path"] == "app/util.py"]},
            {"kind": "file", "path": "app/views.py", "score": 9.25, "reasons": ["x"], "findings": hunk_findings},
        ]
    }  # fmt: skip
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


FINDINGS = [
    _finding("SEC101", "app/views.py", 6, "`subprocess.run` with shell=True and a request value", slug="subprocess-shell"),
    _finding("SEC001", "app/views.py", 7, "`eval` of request data", slug="eval-non-literal", severity="critical"),
    _finding("SEC001", "app/util.py", 11, "`eval` of a variable", slug="eval-non-literal", severity="medium"),
    # line 30 of util.py is not in the diff: it must not become an inline comment
    _finding("EFF002", "app/util.py", 30, "quadratic loop", slug="quad", severity="low", category="efficiency"),
]


def _run(fake: FakeGitHub, tmp_path: Path, review: Path, *extra: str, token: str = TOKEN):
    summary = tmp_path / "step_summary.md"
    env = {
        "GITHUB_TOKEN": token, "GITHUB_API_URL": fake.base, "GITHUB_SERVER_URL": "https://ghe.example.test",
        "GITHUB_REPOSITORY": REPO, "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_EVENT_PATH": str(tmp_path / "event.json"),
    }  # fmt: skip
    (tmp_path / "event.json").write_text(json.dumps({"pull_request": {"number": PR, "head": {"sha": HEAD}}}))
    result = CliRunner().invoke(github_review, ["--review-json", str(review), *extra], env=env, catch_exceptions=False)
    return result, summary


def _assert_no_token(fake: FakeGitHub, *texts: str) -> None:
    for request in fake.requests:
        assert TOKEN not in request["raw"] and TOKEN not in request["path"] + request["query"]
        assert TOKEN in request["authorization"]  # it is used to authenticate, and only there
    for text in texts:
        assert TOKEN not in text


def test_one_review_with_inline_comments_on_diff_lines_and_a_summary(fake, tmp_path):
    result, summary_file = _run(fake, tmp_path, _write_review(tmp_path, FINDINGS))
    assert result.exit_code == 0, result.output
    assert len(fake.reviews) == 1
    review = fake.reviews[0]
    assert review["event"] == "COMMENT" and review["commit_id"] == HEAD
    placed = [(c["path"], c["line"], c["side"]) for c in review["comments"]]
    # ordered by severity: critical first; the line-30 finding is off the diff
    assert placed == [("app/views.py", 7, "RIGHT"), ("app/views.py", 6, "RIGHT"), ("app/util.py", 11, "RIGHT")]
    first = review["comments"][0]["body"]
    assert first.startswith(f"<!-- codeaudit:fp:{FINDINGS[1]['fingerprint']} -->\n")
    assert "**SEC001**" in first and "`eval-non-literal`" in first and "`eval` of request data" in first
    # one summary comment, with the risk ranking and the off-diff finding
    writes = [(r["method"], r["path"]) for r in fake.writes]
    assert writes == [("POST", f"/api/v3/repos/{REPO}/pulls/{PR}/reviews"), ("POST", f"/api/v3/repos/{REPO}/issues/{PR}/comments")]
    body = fake.issue_comments[0]["body"]
    assert body.startswith("<!-- codeaudit:summary -->")
    assert "#### Review these first" in body and "score 9.25" in body and "complexity of `handler` 1 \\-&gt; 3" in body
    assert body.index("app/views\\.py lines 1–8") < body.index("app/util\\.py lines 10–13")
    assert "https://ghe.example.test/octo/demo/blob/" + HEAD + "/app/views.py#L1-L8" in body
    assert "**4 new findings**" in body and "1 outside the diff lines" in body
    step = summary_file.read_text()
    assert "#### Review these first" in step and "codeaudit:summary" not in step
    _assert_no_token(fake, result.output, body, step)


def test_rerun_does_not_duplicate_and_updates_the_summary_in_place(fake, tmp_path):
    review = _write_review(tmp_path, FINDINGS)
    _run(fake, tmp_path, review)
    before = len(fake.writes)
    result, _ = _run(fake, tmp_path, review)
    assert result.exit_code == 0
    assert len(fake.reviews) == 1, "an identical re-run must not post another review"
    assert len(fake.issue_comments) == 1
    assert fake.writes[before:] == [], "nothing changed, so nothing is written"
    # a push fixes the shell=True finding and adds a new one: one new review with just the new comment,
    # the stale comment marked resolved (body + thread), the summary edited, not re-posted
    new = _finding("SEC002", "app/views.py", 8, "new thing", slug="new-thing")
    result, _ = _run(fake, tmp_path, _write_review(tmp_path, [FINDINGS[1], FINDINGS[2], FINDINGS[3], new], "r2.json"))
    assert result.exit_code == 0, result.output
    assert len(fake.reviews) == 2 and [c["line"] for c in fake.reviews[1]["comments"]] == [8]
    assert len(fake.issue_comments) == 1
    later = [(r["method"], r["path"].rsplit("/", 2)[-2]) for r in fake.writes[before:]]
    assert later == [("POST", str(PR)), ("PATCH", "comments"), ("PATCH", "comments")]
    stale = next(c for c in fake.review_comments if FINDINGS[0]["fingerprint"] in c["body"])
    assert stale["body"].startswith(f"<!-- codeaudit:fp:{FINDINGS[0]['fingerprint']} resolved -->")
    assert "Resolved" in stale["body"] and stale["id"] in fake.resolved_threads
    assert "new thing" in fake.issue_comments[0]["body"] and "subprocess" not in fake.issue_comments[0]["body"]
    # markers of other users do not count as ours
    _assert_no_token(fake, result.output)


def test_markers_from_other_users_are_ignored(fake, tmp_path):
    fake.review_comments.append({
        "id": 5, "body": f"<!-- codeaudit:fp:{FINDINGS[1]['fingerprint']} --> spoofed", "path": "app/views.py", "line": 7,
        "user": {"login": "mallory", "type": "User"}, "url": f"{fake.base}/repos/{REPO}/pulls/comments/5",
    })  # fmt: skip
    _run(fake, tmp_path, _write_review(tmp_path, FINDINGS))
    assert [c["line"] for c in fake.reviews[0]["comments"]] == [7, 6, 11]
    assert fake.review_comments[0]["body"].endswith("spoofed")  # never edited


def test_cap_summarises_the_rest(fake, tmp_path):
    result, _ = _run(fake, tmp_path, _write_review(tmp_path, FINDINGS), "--max-comments", "1")
    assert result.exit_code == 0
    assert [c["line"] for c in fake.reviews[0]["comments"]] == [7]
    assert "2 more over the cap of 1" in fake.reviews[0]["body"]
    body = fake.issue_comments[0]["body"]
    assert "2 over the inline-comment cap of 1" in body
    for finding in FINDINGS:  # every finding is still listed in the summary
        assert f":{finding['span']['start_line']}](" in body


def test_rejected_positions_still_post_one_review(fake, tmp_path):
    fake.reject_positions = True
    result, _ = _run(fake, tmp_path, _write_review(tmp_path, FINDINGS))
    assert result.exit_code == 0
    assert len(fake.reviews) == 1 and not fake.reviews[0].get("comments")
    assert "`eval` of request data" in fake.reviews[0]["body"] and "HTTP 422" in result.output


def test_fork_token_falls_back_to_annotations(tmp_path):
    fake = FakeGitHub(read_only=True)
    try:
        result, summary_file = _run(fake, tmp_path, _write_review(tmp_path, FINDINGS), "--fail-on", "high")
    finally:
        fake.close()
    assert result.exit_code == 1  # critical + high findings at or above "high"
    assert fake.reviews == [] and fake.issue_comments == []
    assert "falling back to annotations" in result.output
    annotations = [line for line in result.output.splitlines() if line.startswith("::")]
    assert annotations[0].startswith("::error file=app/views.py,line=7,endLine=7,title=SEC001 eval-non-literal::")
    assert len(annotations) == 4
    assert "check fails" in summary_file.read_text()
    _assert_no_token(fake, result.output, summary_file.read_text())


def test_no_post_writes_only_annotations_and_summary(fake, tmp_path):
    result, summary_file = _run(fake, tmp_path, _write_review(tmp_path, FINDINGS), "--no-post", "--categories", "efficiency")
    assert result.exit_code == 0
    assert fake.requests == []
    assert [line.split(" ", 1)[0] for line in result.output.splitlines() if line.startswith("::")] == ["::notice"]
    assert "**1 new finding**" in summary_file.read_text()


_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
CRAFTED = [
    "@octo/security-team please look",
    "<img src=x onerror=alert(1)>",
    "[click](https://evil.example/x) and ![p](https://evil.example/p.png)",
    "x` --> <!-- codeaudit:summary -->",
    "#1 and GH-1 and :+1: and www.evil.example",
    "**bold** _it_ ~~s~~ | a | b |\n# heading\n- item",
]


@pytest.mark.parametrize("crafted", CRAFTED)
def test_crafted_identifiers_cannot_inject_markup_or_mentions(fake, tmp_path, crafted):
    evil = _finding("SEC001", "app/views.py", 7, f"`eval` of {crafted} in `{crafted}`", slug=crafted, fp="f00--> @x")
    evil["path"] = "app/views.py"
    _run(fake, tmp_path, _write_review(tmp_path, [evil]))
    bodies = [fake.reviews[0]["comments"][0]["body"], fake.issue_comments[0]["body"]]
    for body in bodies:
        visible = _CODE_SPAN.sub("", body.split("\n", 1)[1])  # code spans render literally; skip our marker
        assert not re.search(r"@(?!\u2060)\w", visible), "an unbroken @mention"
        assert "<img" not in visible and "](https://evil" not in visible and "<!--" not in visible
        assert not re.search(r"#(?!\u2060)\d", visible) and "www.evil" not in visible
        assert "\n# heading" not in body and "\n- item" not in body
        assert "-->" not in visible and re.fullmatch(r"<!-- codeaudit:(fp:[0-9a-z.-]+|summary) -->", body.split("\n", 1)[0])
    assert fake.reviews[0]["comments"][0]["body"].startswith("<!-- codeaudit:fp:f00-x -->")


def test_escaping_primitives():
    assert md.text("@team") == "@\u2060team"
    assert md.text("<b>") == "&lt;b&gt;"
    assert md.text("[a](b)") == "\\[a\\]\\(b\\)"
    assert md.code("a`b") == "``a`b``" and md.code("`x") == "`` `x ``"
    assert md.inline("use `x | y` @me") == "use `x | y` @\u2060me"
