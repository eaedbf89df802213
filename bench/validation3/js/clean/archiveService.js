'use strict';

const { execFile } = require('child_process');
const { promisify } = require('util');
const crypto = require('crypto');
const fsp = require('fs/promises');
const path = require('path');

const execFileAsync = promisify(execFile);
const ARCHIVE_ROOT = path.resolve(process.env.ARCHIVE_ROOT || '/srv/archives');
const NAME_RE = /^[A-Za-z0-9._-]{1,128}$/;

function resolveInside(root, name) {
  if (!NAME_RE.test(name)) throw new Error('invalid name');
  const full = path.resolve(root, name);
  if (!full.startsWith(root + path.sep)) throw new Error('path escapes root');
  return full;
}

async function createArchive(dirName) {
  const src = resolveInside(ARCHIVE_ROOT, dirName);
  const token = crypto.randomBytes(8).toString('hex');
  const out = path.join(ARCHIVE_ROOT, `${dirName}-${token}.tar.gz`);
  await execFileAsync('tar', ['-czf', out, '-C', ARCHIVE_ROOT, '--', path.basename(src)], {
    timeout: 120_000,
  });
  const { size } = await fsp.stat(out);
  return { file: path.basename(out), size };
}

async function checksums(names) {
  const results = await Promise.all(
    names.map(async (name) => {
      const data = await fsp.readFile(resolveInside(ARCHIVE_ROOT, name));
      return [name, crypto.createHash('sha256').update(data).digest('hex')];
    }),
  );
  return Object.fromEntries(results);
}

function verifyDownloadToken(expected, supplied) {
  const a = Buffer.from(String(expected));
  const b = Buffer.from(String(supplied));
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

async function pruneOlderThan(days) {
  const cutoff = Date.now() - days * 86_400_000;
  const entries = await fsp.readdir(ARCHIVE_ROOT, { withFileTypes: true });
  const removed = [];
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.tar.gz')) continue;
    const full = path.join(ARCHIVE_ROOT, entry.name);
    const { mtimeMs } = await fsp.stat(full);
    if (mtimeMs < cutoff) {
      await fsp.unlink(full);
      removed.push(entry.name);
    }
  }
  return removed;
}

module.exports = { createArchive, checksums, verifyDownloadToken, pruneOlderThan, resolveInside };
