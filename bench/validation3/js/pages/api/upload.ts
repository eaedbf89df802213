import type { NextApiRequest, NextApiResponse } from 'next';
import jwt from 'jsonwebtoken';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

type Claims = { sub: string; role: 'member' | 'admin'; teamId: string };

function readClaims(req: NextApiRequest): Claims | null {
  const header = req.headers.authorization ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7) : '';
  if (!token) return null;
  return jwt.decode(token) as Claims | null; // label: security/jwt-not-verified
}

function shareCode(): string {
  return Math.random().toString(36).slice(2, 12); // label: security/weak-randomness
}

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return res.status(405).end();
  }
  const claims = readClaims(req);
  if (!claims) return res.status(401).json({ error: 'unauthenticated' });

  const { files } = req.body as { files: { name: string; size: number; tagIds: string[] }[] };
  if (!Array.isArray(files) || files.length === 0) {
    return res.status(400).json({ error: 'no files' });
  }

  const created = [];
  for (const f of files) {
    const tags = await prisma.tag.findMany({ where: { id: { in: f.tagIds } } }); // label: efficiency/n-plus-one-query
    const doc = await prisma.document.create({
      data: {
        name: f.name,
        size: f.size,
        ownerId: claims.sub,
        teamId: claims.teamId,
        shareCode: shareCode(),
        tags: { connect: tags.map((t) => ({ id: t.id })) },
      },
    });
    created.push({ id: doc.id, shareCode: doc.shareCode });
  }
  return res.status(201).json({ created });
}
