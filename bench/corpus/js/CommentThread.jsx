import React, { useEffect, useMemo, useState } from "react";
import { formatDistanceToNow } from "date-fns";
import { marked } from "marked";

const SORT_OPTIONS = ["newest", "oldest", "top"];

function sortComments(comments, order) {
  const copy = [...comments];
  if (order === "top") return copy.sort((a, b) => b.votes - a.votes);
  if (order === "oldest") return copy.sort((a, b) => new Date(a.createdAt) - new Date(b.createdAt));
  return copy.sort((a, b) => new Date(b.createdAt) - new Date(a.createdAt));
}

function Comment({ comment, onVote }) {
  return (
    <li className="comment">
      <header>
        <strong>{comment.author.name}</strong>
        <time dateTime={comment.createdAt}>{formatDistanceToNow(new Date(comment.createdAt))} ago</time>
      </header>
      <div
        className="comment-body"
        dangerouslySetInnerHTML={{ __html: marked.parse(comment.body) }} // label: security/xss
      />
      <button type="button" onClick={() => onVote(comment.id)}>
        ▲ {comment.votes}
      </button>
    </li>
  );
}

export default function CommentThread({ postId }) {
  const [comments, setComments] = useState([]);
  const [order, setOrder] = useState("newest");
  const [error, setError] = useState(null);

  useEffect(() => {
    const controller = new AbortController();
    fetch(`/api/posts/${encodeURIComponent(postId)}/comments`, { signal: controller.signal })
      .then((res) => {
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return res.json();
      })
      .then(setComments)
      .catch((err) => {
        if (err.name !== "AbortError") setError(err.message);
      });
    return () => controller.abort();
  }, [postId]);

  const sorted = useMemo(() => sortComments(comments, order), [comments, order]);

  async function vote(id) {
    const res = await fetch(`/api/comments/${id}/vote`, { method: "POST" });
    if (res.ok) {
      const { votes } = await res.json();
      setComments((prev) => prev.map((c) => (c.id === id ? { ...c, votes } : c)));
    }
  }

  if (error) return <p role="alert">Could not load comments: {error}</p>;

  return (
    <section className="comment-thread">
      <label>
        Sort by{" "}
        <select value={order} onChange={(e) => setOrder(e.target.value)}>
          {SORT_OPTIONS.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <p className="comment-count" dangerouslySetInnerHTML={{ __html: "&#128172; Comments" }} />
      <ul>
        {sorted.map((c) => (
          <Comment key={c.id} comment={c} onVote={vote} />
        ))}
      </ul>
    </section>
  );
}
