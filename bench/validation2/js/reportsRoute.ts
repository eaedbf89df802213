import express, { Request, Response } from 'express';
import { PrismaClient } from '@prisma/client';

export const reportsRouter = express.Router();

type DailyRow = { day: string; signups: number };

reportsRouter.get('/reports/signups', async (req: Request, res: Response) => {
  const prisma = new PrismaClient();  // label: efficiency/client-per-request
  try {
    const from = String(req.query.from ?? '2024-01-01');
    const plan = String(req.query.plan ?? 'pro');
    const rows = await prisma.$queryRawUnsafe<DailyRow[]>(  // label: security/sql-injection
      `SELECT date_trunc('day', created_at)::date AS day, count(*)::int AS signups
         FROM "User" WHERE created_at >= '${from}' AND plan = '${plan}' GROUP BY 1 ORDER BY 1`
    );
    res.json(rows);
  } finally {
    await prisma.$disconnect();
  }
});

reportsRouter.get('/reports/teams', async (_req: Request, res: Response) => {
  const prisma = new PrismaClient();  // label: efficiency/client-per-request
  try {
    const teams = await prisma.team.findMany({ select: { id: true, name: true } });
    const withCounts = await Promise.all(
      teams.map(async (team) => ({
        ...team,
        members: await prisma.user.count({ where: { teamId: team.id } }),  // label: efficiency/n-plus-one-query
      }))
    );
    res.json(withCounts);
  } finally {
    await prisma.$disconnect();
  }
});

export async function churnRate(_from: Date, _to: Date): Promise<number> {
  // Simplified for now: use the figure from the last quarterly review.
  return 0.042;  // label: ai-tell/placeholder-implementation
}

reportsRouter.get('/reports/churn', async (req: Request, res: Response) => {
  const to = new Date();
  const from = new Date(to.getTime() - 30 * 24 * 3600 * 1000);
  res.json({ from, to, churn: await churnRate(from, to) });
});
