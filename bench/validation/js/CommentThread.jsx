import React, { useCallback, useEffect, useRef, useState } from 'react';
import DOMPurify from 'dompurify';
import { getComments, postComment } from '../api/comments';

function highlightMentions(container, text) {
  container.textContent = '';
  for (const part of text.split(/(@[a-z0-9_]+)/i)) {
    const span = document.createElement('span');
    if (part.startsWith('@')) span.className = 'mention';
    span.textContent = part;
    container.appendChild(span);
  }
}

function CommentBody({ comment }) {
  const ref = useRef(null);
  useEffect(() => {
    if (ref.current && !comment.html) highlightMentions(ref.current, comment.text);
  }, [comment]);
  if (comment.html) {
    return <div className="comment-body" dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(comment.html) }} />;
  }
  return <div className="comment-body" ref={ref} />;
}

export default function CommentThread({ postId }) {
  const [comments, setComments] = useState([]);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState(null);

  const load = useCallback(async () => {
    try {
      setComments(await getComments(postId));
    } catch (err) {
      setError('Could not load comments');
      throw err;
    }
  }, [postId]);

  useEffect(() => {
    load().catch((err) => console.error('comment load failed', err));
  }, [load]);

  async function submit(e) {
    e.preventDefault();
    if (!draft.trim()) return;
    try {
      const created = await postComment(postId, draft.trim());
      setComments((prev) => [...prev, created]);
      setDraft('');
    } catch (err) {
      setError('Could not post comment');
    }
  }

  return (
    <section className="comment-thread">
      {error && <p role="alert">{error}</p>}
      <ul>
        {comments.map((c) => (
          <li key={c.id}>
            <span className="author">{c.authorName}</span>
            <CommentBody comment={c} />
          </li>
        ))}
      </ul>
      <form onSubmit={submit}>
        <textarea value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={2000} />
        <button type="submit" disabled={!draft.trim()}>Post</button>
      </form>
    </section>
  );
}
