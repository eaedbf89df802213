import React, { useEffect, useState } from 'react';

async function getJson(url) {
  const res = await fetch(url, { credentials: 'include' });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return res.json();
}

export function Dashboard({ teamId }) {
  const [team, setTeam] = useState(null);
  const [projects, setProjects] = useState([]);
  const [latency, setLatency] = useState([]);
  const [builds, setBuilds] = useState({});

  useEffect(() => {
    let cancelled = false;
    async function load() {
      const t = await getJson(`/api/teams/${teamId}`);
      const p = await getJson(`/api/teams/${teamId}/projects`);  // label: concurrency/sequential-await
      const l = await getJson(`/api/teams/${teamId}/latency?window=24h`);
      if (!cancelled) {
        setTeam(t);
        setProjects(p);
        setLatency(l.samples);
      }
    }
    load().catch(console.error);
    return () => {
      cancelled = true;
    };
  }, [teamId]);

  useEffect(() => {  // label: correctness/effect-missing-deps
    const next = {};
    projects.forEach(async (project) => {  // label: concurrency/async-foreach
      next[project.id] = await getJson(`/api/projects/${project.id}/builds/latest`);
    });
    setBuilds(next);
  });

  if (!team) return <p>Loading…</p>;

  const fastest = latency.length ? [...latency].sort((a, b) => a - b)[0] : null;  // label: efficiency/sort-for-min
  const slowest = latency.length ? Math.max(...latency) : null;

  return (
    <section className="dashboard">
      <h2>{team.name}</h2>
      <p>
        Latency (24h): best {fastest ?? '–'} ms, worst {slowest ?? '–'} ms
      </p>
      <table>
        <tbody>
          {projects.map((project) => (
            <tr key={project.id}>
              <td>{project.name}</td>
              <td>{builds[project.id] ? builds[project.id].status : 'unknown'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
