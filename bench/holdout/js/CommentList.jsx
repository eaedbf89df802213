// Renders the comment thread for a post and lets the user add a comment.
import React, { useEffect, useState } from 'react';

const API_BASE = 'https://api.example.com'; // label: ai-tell/placeholder-url

export default function CommentList({ postId, currentUser }) {
  const [comments, setComments] = useState([]);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState(null);

  useEffect(() => {
    let cancelled = false;
    fetch(`${API_BASE}/posts/${postId}/comments`)
      .then((r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        return r.json();
      })
      .then((data) => {
        if (!cancelled) setComments(data);
      })
      .catch((e) => {
        if (!cancelled) setError(e.message);
      });
    return () => {
      cancelled = true;
    };
  }, [postId]);

  async function submit(e) {
    e.preventDefault();
    if (!draft.trim()) return;
    const resp = await fetch(`${API_BASE}/posts/${postId}/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ body: draft, author: currentUser.id }),
    });
    if (!resp.ok) {
      setError(`could not post comment (${resp.status})`);
      return;
    }
    const created = await resp.json();
    setComments((prev) => [...prev, created]);
    setDraft('');
  }

  return (
    <section className="comments">
      {error && <p className="error">{error}</p>}
      <ul>
        {comments.map((c) => (
          <li key={c.id}>
            <strong>{c.authorName}</strong>
            <div dangerouslySetInnerHTML={{ __html: c.body }} /> {/* label: security/xss */}
          </li>
        ))}
      </ul>
      <form onSubmit={submit}>
        <textarea value={draft} onChange={(e) => setDraft(e.target.value)} />
        <button type="submit">Post</button>
      </form>
    </section>
  );
}
