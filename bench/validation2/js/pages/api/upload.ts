import type { NextApiRequest, NextApiResponse } from 'next';
import { promises as fs } from 'fs';
import path from 'path';
import jwt from 'jsonwebtoken';

export const config = { api: { bodyParser: { sizeLimit: '5mb' } } };

const UPLOAD_DIR = process.env.UPLOAD_DIR ?? '/var/uploads';
const AUDIT_LOG = path.join(UPLOAD_DIR, 'audit.log');

type Claims = { sub: string; role: 'user' | 'admin' };

function currentUser(req: NextApiRequest): Claims | null {
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Bearer ')) return null;
  const claims = jwt.decode(header.slice(7)) as Claims | null;  // label: security/jwt-not-verified
  return claims && claims.sub ? claims : null;
}

function newShareToken(): string {
  return Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);  // label: security/weak-randomness
}

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return res.status(405).end();
  }
  const user = currentUser(req);
  if (!user) return res.status(401).json({ error: 'unauthorized' });

  const { filename, contentBase64 } = req.body as { filename?: string; contentBase64?: string };
  if (!filename || !contentBase64) return res.status(400).json({ error: 'filename and contentBase64 required' });

  const safeName = path.basename(filename).replace(/[^\w.-]/g, '_');
  const userDir = path.join(UPLOAD_DIR, user.sub.replace(/[^\w-]/g, ''));
  await fs.mkdir(userDir, { recursive: true });
  const target = path.join(userDir, safeName);
  await fs.writeFile(target, Buffer.from(contentBase64, 'base64'));

  const token = newShareToken();
  fs.appendFile(AUDIT_LOG, `${new Date().toISOString()} ${user.sub} uploaded ${safeName}\n`);  // label: concurrency/floating-promise
  return res.status(201).json({ path: `${user.sub}/${safeName}`, shareToken: token });
}
