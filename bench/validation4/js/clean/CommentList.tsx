import React, { useEffect, useMemo, useState } from 'react';
import DOMPurify from 'dompurify';

type Author = { id: number; name: string };
type Comment = { id: number; authorId: number; html: string; postedAt: string };

export default function CommentList({ postId }: { postId: number }) {
  const [comments, setComments] = useState<Comment[]>([]);
  const [authors, setAuthors] = useState<Author[]>([]);

  useEffect(() => {
    const controller = new AbortController();
    Promise.all([
      fetch(`/api/posts/${postId}/comments`, { signal: controller.signal }).then((r) => r.json()),
      fetch(`/api/posts/${postId}/authors`, { signal: controller.signal }).then((r) => r.json()),
    ])
      .then(([c, a]) => {
        setComments(c);
        setAuthors(a);
      })
      .catch((e) => {
        if (e.name !== 'AbortError') console.error(e);
      });
    return () => controller.abort();
  }, [postId]);

  const authorById = useMemo(() => new Map(authors.map((a) => [a.id, a])), [authors]);

  return (
    <ul className="comments">
      {comments.map((c) => (
        <li key={c.id}>
          <strong>{authorById.get(c.authorId)?.name ?? 'unknown'}</strong>
          <div dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(c.html) }} />
          <time dateTime={c.postedAt}>{new Date(c.postedAt).toLocaleString()}</time>
        </li>
      ))}
    </ul>
  );
}
