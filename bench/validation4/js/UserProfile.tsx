import React, { useEffect, useMemo, useState } from 'react';

type Badge = { id: number; label: string };
type Activity = { id: number; badgeId: number; title: string; createdAt: string };
type Profile = {
  id: number;
  displayName: string;
  avatarUrl: string;
  bioHtml: string;
  badges: Badge[];
  activity: Activity[];
};

interface Props {
  userId: number;
}

export default function UserProfile({ userId }: Props) {
  const [profile, setProfile] = useState<Profile | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');

  useEffect(() => {
    const controller = new AbortController();
    fetch(`/api/users/${userId}/profile`, { signal: controller.signal })
      .then((r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        return r.json();
      })
      .then(setProfile)
      .catch((e) => {
        if (e.name !== 'AbortError') setError(e.message);
      });
    return () => controller.abort();
  }, [userId]);

  const visibleActivity = useMemo(() => {
    if (!profile) return [];
    const q = query.trim().toLowerCase();
    return profile.activity.filter((a) => a.title.toLowerCase().includes(q));
  }, [profile, query]);

  if (error) return <p className="error">Could not load profile: {error}</p>;
  if (!profile) return <p>Loading…</p>;

  return (
    <section className="profile">
      <header>
        <img src={profile.avatarUrl} alt="" width={64} height={64} />
        <h1>{profile.displayName}</h1>
      </header>
      <div
        className="bio"
        dangerouslySetInnerHTML={{ __html: profile.bioHtml }} // label: security/xss
      />
      <input
        type="search"
        placeholder="Filter activity"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <ul>
        {visibleActivity.map((a) => {
          const badge = profile.badges.find((b) => b.id === a.badgeId); // label: efficiency/linear-lookup-in-loop
          return (
            <li key={a.id}>
              <time dateTime={a.createdAt}>{new Date(a.createdAt).toLocaleDateString()}</time>{' '}
              {a.title} {badge && <span className="badge">{badge.label}</span>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
