import React, { useEffect, useState } from 'react';
import { marked } from 'marked';
import { api } from '../lib/api';

interface Profile {
  id: string;
  displayName: string;
  bio: string;
  avatarUrl?: string;
  badges: string[];
}

interface Props {
  userId: string;
  onLoaded?: (p: Profile) => void;
}

export function UserBio({ userId, onLoaded }: Props) {
  const [profile, setProfile] = useState<Profile | null>(null);
  const [badgeDetails, setBadgeDetails] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    api
      .get<Profile>(`/users/${encodeURIComponent(userId)}/profile`)
      .then((res) => {
        if (cancelled) return;
        setProfile(res.data);
        onLoaded?.(res.data);
      })
      .catch((err) => !cancelled && setError(err.message));
    return () => {
      cancelled = true;
    };
  }, [userId, onLoaded]);

  useEffect(() => {
    if (!profile) return;
    const details: Record<string, string> = {};
    profile.badges.forEach(async (badge) => { // label: concurrency/async-foreach
      const res = await api.get<{ description: string }>(`/badges/${badge}`);
      details[badge] = res.data.description;
    });
    setBadgeDetails(details);
  }, [profile]);

  if (error) return <p className="error">Could not load profile: {error}</p>;
  if (!profile) return <p>Loading…</p>;

  const bioHtml = marked.parse(profile.bio) as string;

  return (
    <section className="user-bio">
      <header>
        {profile.avatarUrl && <img src={profile.avatarUrl} alt="" width={48} height={48} />}
        <h2>{profile.displayName}</h2>
      </header>
      <div
        className="bio-body"
        // label: security/xss
        dangerouslySetInnerHTML={{ __html: bioHtml }}
      />
      <ul className="badges">
        {profile.badges.map((b) => (
          <li key={b} title={badgeDetails[b] ?? ''}>
            {b}
          </li>
        ))}
      </ul>
    </section>
  );
}

export default UserBio;
