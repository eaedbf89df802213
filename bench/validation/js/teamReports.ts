import { Router, Request, Response, NextFunction } from 'express';
import { Pool } from 'pg';
import crypto from 'crypto';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

const SORTABLE = new Set(['created_at', 'name', 'member_count']);

export const teamRouter = Router();

teamRouter.get('/teams', async (req: Request, res: Response, next: NextFunction) => {
  const search = typeof req.query.search === 'string' ? req.query.search : '';
  const sort = SORTABLE.has(String(req.query.sort)) ? String(req.query.sort) : 'created_at';
  const limit = Math.min(Number(req.query.limit) || 25, 100);
  try {
    const { rows } = await pool.query(
      `SELECT id, name, member_count, created_at FROM teams
       WHERE org_id = $1 AND name ILIKE $2
       ORDER BY ${sort} DESC LIMIT $3`,
      [req.user.orgId, `%${search}%`, limit]
    );
    res.json({ teams: rows });
  } catch (err) {
    next(err);
  }
});

teamRouter.get('/teams/:id/dashboard', async (req: Request, res: Response, next: NextFunction) => {
  const teamId = req.params.id;
  try {
    const [members, projects, activity] = await Promise.all([
      pool.query('SELECT id, name, role FROM team_members WHERE team_id = $1', [teamId]),
      pool.query('SELECT id, title, status FROM projects WHERE team_id = $1 ORDER BY updated_at DESC', [teamId]),
      pool.query('SELECT kind, created_at FROM team_activity WHERE team_id = $1 ORDER BY created_at DESC LIMIT 20', [teamId]),
    ]);
    res.json({ members: members.rows, projects: projects.rows, activity: activity.rows });
  } catch (err) {
    next(err);
  }
});

teamRouter.post('/teams/:id/invites', async (req: Request, res: Response, next: NextFunction) => {
  const { email } = req.body as { email?: string };
  if (!email || !/^[^@\s]+@[^@\s]+$/.test(email)) {
    return res.status(400).json({ error: 'valid email required' });
  }
  const token = crypto.randomBytes(32).toString('base64url');
  const tokenHash = crypto.createHash('sha256').update(token).digest('hex');
  try {
    await pool.query(
      'INSERT INTO team_invites (team_id, email, token_hash, expires_at) VALUES ($1, $2, $3, now() + interval \'7 days\')',
      [req.params.id, email.toLowerCase(), tokenHash]
    );
    res.status(201).json({ inviteUrl: `${process.env.APP_URL}/join?token=${token}` });
  } catch (err) {
    next(err);
  }
});
