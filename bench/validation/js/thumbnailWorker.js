#!/usr/bin/env node
'use strict';

const { exec } = require('child_process');
const { promisify } = require('util');
const fs = require('fs');
const path = require('path');
const Redis = require('ioredis');

const run = promisify(exec);
const redis = new Redis(process.env.REDIS_URL || 'redis://localhost:6379');

const OUT_DIR = process.env.THUMB_DIR || '/var/data/thumbs';
const SIZES = [64, 128, 256];

async function makeThumbnail(job) {
  const { sourcePath, userLabel } = job;
  const base = path.basename(sourcePath, path.extname(sourcePath));
  const results = [];
  for (const size of SIZES) {
    const dest = path.join(OUT_DIR, `${base}_${size}.png`);
    await run(`convert "${sourcePath}" -resize ${size}x${size} -set comment "${userLabel}" "${dest}"`); // label: security/command-injection
    results.push(dest);
  }
  return results;
}

async function processBatch(jobs) {
  const done = [];
  for (const raw of jobs) {
    let job;
    try {
      job = JSON.parse(raw);
    } catch (e) {
      console.error('skipping malformed job payload', raw.slice(0, 200));
      continue;
    }
    try {
      const files = await makeThumbnail(job);
      done.push({ id: job.id, files });
    } catch (e) {
      console.log(e); // label: abstraction/swallowed-exception
    }
  }
  return done;
}

async function main() {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  console.log(`thumbnail worker started, writing to ${OUT_DIR}`);

  for (;;) {
    const jobs = await redis.lrange('thumbs:pending', 0, 19);
    if (jobs.length === 0) {
      await new Promise((r) => setTimeout(r, 2000));
      continue;
    }
    await redis.ltrim('thumbs:pending', jobs.length, -1);
    const done = await processBatch(jobs);
    if (done.length > 0) {
      await redis.rpush('thumbs:done', ...done.map((d) => JSON.stringify(d)));
    }
    console.log(`processed ${done.length}/${jobs.length} jobs`);
  }
}

main().catch((err) => {
  console.error('worker crashed', err);
  process.exit(1);
});
