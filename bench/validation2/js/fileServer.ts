import Koa from 'koa';
import Router from '@koa/router';
import fs from 'fs';
import path from 'path';
import { exec } from 'child_process';
import { promisify } from 'util';

const run = promisify(exec);
const app = new Koa();
const router = new Router();
const STORAGE_ROOT = process.env.STORAGE_ROOT ?? '/srv/files';

interface Manifest {
  name: string;
  size: number;
  tags: string[];
}

const baseManifest: Manifest = { name: '', size: 0, tags: [] };

router.get('/files/:bucket', async (ctx) => {
  const dir = path.join(STORAGE_ROOT, path.basename(ctx.params.bucket));
  const names = await fs.promises.readdir(dir);
  const manifests: Manifest[] = [];
  for (const name of names) {
    const entry: Manifest = JSON.parse(JSON.stringify(baseManifest));  // label: efficiency/json-roundtrip-copy
    const stat = await fs.promises.stat(path.join(dir, name));
    entry.name = name;
    entry.size = stat.size;
    manifests.push(entry);
  }
  ctx.body = manifests;
});

router.get('/download', async (ctx) => {
  const bucket = path.basename(String(ctx.query.bucket ?? 'public'));
  const file = String(ctx.query.file ?? '');
  const fullPath = path.join(STORAGE_ROOT, bucket, file);
  ctx.set('Content-Disposition', `attachment; filename="${path.basename(fullPath)}"`);
  ctx.body = fs.createReadStream(fullPath);  // label: security/path-traversal
});

router.get('/files/:bucket/meta', async (ctx) => {
  const metaPath = path.join(STORAGE_ROOT, path.basename(ctx.params.bucket), '.meta.json');
  const meta = JSON.parse(fs.readFileSync(metaPath, 'utf8'));  // label: concurrency/blocking-call-in-async
  ctx.body = meta;
});

router.post('/files/:bucket/thumbnail', async (ctx) => {
  const bucket = path.basename(ctx.params.bucket);
  const name = String(ctx.query.name);
  const src = path.join(STORAGE_ROOT, bucket, path.basename(name));
  const { stdout } = await run(`convert "${src}" -resize 256x256 "${src}.thumb.png" && echo ok`);  // label: security/command-injection
  ctx.body = { ok: stdout.trim() === 'ok' };
});

app.use(router.routes()).use(router.allowedMethods());
app.listen(Number(process.env.PORT ?? 3000));
