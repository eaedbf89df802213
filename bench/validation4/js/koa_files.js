'use strict';

const Koa = require('koa');
const Router = require('@koa/router');
const fs = require('fs');
const path = require('path');
const { exec } = require('child_process');

const app = new Koa();
const router = new Router();

const STORAGE = process.env.STORAGE_DIR || '/srv/storage';
const THUMB_DIR = path.join(STORAGE, 'thumbs');
const MIME = { '.png': 'image/png', '.jpg': 'image/jpeg', '.pdf': 'application/pdf', '.txt': 'text/plain' };

const auth = async (ctx, next) => {
  if (!ctx.get('x-user-id')) ctx.throw(401, 'unauthenticated');
  ctx.state.userId = ctx.get('x-user-id');
  await next();
};

router.get('/files', auth, async (ctx) => {
  const dir = path.join(STORAGE, ctx.state.userId);
  const names = await fs.promises.readdir(dir).catch(() => []);
  ctx.body = { files: names };
});

router.get('/files/download', auth, async (ctx) => {
  const name = ctx.query.name || '';
  const filePath = path.join(STORAGE, ctx.state.userId, name);
  ctx.type = MIME[path.extname(filePath)] || 'application/octet-stream';
  ctx.body = fs.readFileSync(filePath); // label: security/path-traversal; concurrency/blocking-io-in-handler
});

router.post('/files/thumbnail', auth, async (ctx) => {
  const { name, width = 200 } = ctx.query;
  const src = path.join(STORAGE, ctx.state.userId, path.basename(String(name)));
  const out = path.join(THUMB_DIR, `${ctx.state.userId}-${path.basename(String(name))}.png`);
  await new Promise((resolve, reject) => {
    exec(`convert "${src}" -resize ${width}x "${out}"`, (err) => (err ? reject(err) : resolve())); // label: security/command-injection
  });
  ctx.body = { thumbnail: path.basename(out) };
});

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = err.status || 500;
    ctx.body = { error: ctx.status === 500 ? 'internal error' : err.message };
    if (ctx.status === 500) console.error(err);
  }
});
app.use(router.routes()).use(router.allowedMethods());

if (require.main === module) {
  fs.mkdirSync(THUMB_DIR, { recursive: true });
  app.listen(process.env.PORT || 4000);
}

module.exports = app;
