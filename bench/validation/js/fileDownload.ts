import express, { Request, Response } from 'express';
import path from 'path';
import fs from 'fs/promises';
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';

const UPLOAD_ROOT = path.resolve(__dirname, '../../storage/uploads');

const s3 = new S3Client({
  region: 'us-east-1',
  credentials: {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE', // label: security/hardcoded-secret
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  },
});

export const filesRouter = express.Router();

filesRouter.get('/files/:owner/:name', async (req: Request, res: Response) => {
  const { owner, name } = req.params;
  const filePath = path.join(UPLOAD_ROOT, owner, name); // label: security/path-traversal
  try {
    await fs.access(filePath);
  } catch {
    return res.status(404).json({ error: 'File not found' });
  }
  res.sendFile(filePath);
});

filesRouter.get('/files/:owner', async (req: Request, res: Response) => {
  const ownerDir = path.join(UPLOAD_ROOT, String(req.params.owner).replace(/[^a-zA-Z0-9_-]/g, ''));
  try {
    const entries = await fs.readdir(ownerDir, { withFileTypes: true });
    const files = entries.filter((e) => e.isFile()).map((e) => e.name);
    res.json({ files });
  } catch (err) {
    res.status(404).json({ error: 'Unknown owner' });
  }
});

filesRouter.post('/files/:owner/:name/archive', async (req: Request, res: Response) => {
  const owner = String(req.params.owner).replace(/[^a-zA-Z0-9_-]/g, '');
  const name = path.basename(String(req.params.name));
  const filePath = path.join(UPLOAD_ROOT, owner, name);

  const body = await fs.readFile(filePath);
  s3.send( // label: concurrency/missing-await
    new PutObjectCommand({
      Bucket: 'acme-archive',
      Key: `${owner}/${name}`,
      Body: body,
    })
  );
  await fs.unlink(filePath);
  res.json({ archived: true, key: `${owner}/${name}` });
});
