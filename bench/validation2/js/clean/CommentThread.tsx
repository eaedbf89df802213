import React, { useEffect, useMemo, useState } from 'react';
import DOMPurify from 'dompurify';

type Author = { id: string; name: string };
type Comment = { id: string; authorId: string; html: string; createdAt: string };

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

export function CommentThread({ threadId }: { threadId: string }) {
  const [comments, setComments] = useState<Comment[]>([]);
  const [authors, setAuthors] = useState<Author[]>([]);

  useEffect(() => {
    const controller = new AbortController();
    const opts = { signal: controller.signal };
    Promise.all([
      fetch(`/api/threads/${encodeURIComponent(threadId)}/comments`, opts).then((r) => r.json()),
      fetch(`/api/threads/${encodeURIComponent(threadId)}/authors`, opts).then((r) => r.json()),
    ])
      .then(([c, a]) => {
        setComments(c);
        setAuthors(a);
      })
      .catch((err) => {
        if (err.name !== 'AbortError') console.error(err);
      });
    return () => controller.abort();
  }, [threadId]);

  const authorsById = useMemo(() => new Map(authors.map((a) => [a.id, a])), [authors]);
  const newest = useMemo(
    () => comments.reduce<Comment | null>((best, c) => (!best || c.createdAt > best.createdAt ? c : best), null),
    [comments]
  );

  return (
    <div className="thread">
      {newest && <p className="newest">Last reply {dateFormat.format(new Date(newest.createdAt))}</p>}
      {comments.map((c) => (
        <article key={c.id}>
          <header>{authorsById.get(c.authorId)?.name ?? 'unknown'}</header>
          <div dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(c.html) }} />
        </article>
      ))}
      <p dangerouslySetInnerHTML={{ __html: '<em>Be kind.</em>' }} />
    </div>
  );
}
