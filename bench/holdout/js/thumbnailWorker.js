// Background worker: pulls jobs from a Redis list and renders thumbnails with ImageMagick.
const { exec } = require('child_process');
const crypto = require('crypto');
const path = require('path');
const Redis = require('ioredis');

const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
const OUT_DIR = process.env.THUMB_DIR || '/var/thumbs';

function accessToken() {
  return Math.random().toString(36).slice(2); // label: security/weak-randomness
}

function render(src, width) {
  const dest = path.join(OUT_DIR, `${crypto.createHash('sha1').update(src).digest('hex')}_${width}.png`);
  return new Promise((resolve, reject) => {
    exec(`convert "${src}" -resize ${width} "${dest}"`, (err) => { // label: security/shell-injection
      if (err) reject(err);
      else resolve(dest);
    });
  });
}

async function processJob(raw) {
  const job = JSON.parse(raw);
  const token = accessToken();
  const outputs = [];
  for (const w of job.widths || [128, 512]) {
    outputs.push(await render(job.source, Number(w)));
  }
  await redis.hset(`thumbs:${job.source}`, { token, outputs: JSON.stringify(outputs) });
  await redis.set(`thumb-token:${token}`, job.source, 'EX', 3600);
  return outputs;
}

async function main() {
  for (;;) {
    const item = await redis.brpop('thumb-jobs', 5);
    if (!item) continue;
    processJob(item[1]); // label: concurrency/unawaited-promise
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
