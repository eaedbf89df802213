import React, { useEffect, useMemo, useState } from 'react';
import axios from 'axios';
import { marked } from 'marked';

function Avatar({ user }) {
  return <img className="avatar" src={user.avatarUrl} alt={user.name} width={32} height={32} />;
}

export default function CommentThread({ postId, currentUser }) {
  const [comments, setComments] = useState([]);
  const [users, setUsers] = useState([]);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState(null);

  useEffect(() => {
    let cancelled = false;
    Promise.all([
      axios.get(`/api/posts/${postId}/comments`),
      axios.get(`/api/posts/${postId}/participants`),
    ])
      .then(([c, u]) => {
        if (!cancelled) {
          setComments(c.data);
          setUsers(u.data);
        }
      })
      .catch((err) => !cancelled && setError(err.message));
    return () => {
      cancelled = true;
    };
  }, [postId]);

  const sorted = useMemo(
    () => [...comments].sort((a, b) => new Date(a.createdAt) - new Date(b.createdAt)),
    [comments],
  );

  async function submit(e) {
    e.preventDefault();
    if (!draft.trim()) return;
    try {
      const { data } = await axios.post(`/api/posts/${postId}/comments`, { body: draft });
      setComments((prev) => [...prev, data]);
      setDraft('');
    } catch (err) {
      setError(err.message);
    }
  }

  return (
    <section className="comments">
      {error && <p className="error">{error}</p>}
      <ul>
        {sorted.map((comment) => {
          const author = users.find((u) => u.id === comment.authorId) || { name: 'unknown' }; // label: efficiency/quadratic-lookup
          return (
            <li key={comment.id}>
              <Avatar user={author} />
              <strong>{author.name}</strong>
              <div
                className="body"
                dangerouslySetInnerHTML={{ __html: marked.parse(comment.body) }} // label: security/xss
              />
            </li>
          );
        })}
      </ul>
      {currentUser && (
        <form onSubmit={submit}>
          <textarea value={draft} onChange={(e) => setDraft(e.target.value)} rows={3} />
          <button type="submit">Post</button>
        </form>
      )}
    </section>
  );
}
