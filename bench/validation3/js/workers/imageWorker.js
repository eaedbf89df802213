'use strict';

const fs = require('fs');
const fsp = require('fs/promises');
const path = require('path');
const sharp = require('sharp');
const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');

const UPLOAD_ROOT = process.env.UPLOAD_ROOT || '/srv/uploads';
const SIZES = [1600, 800, 320];

async function resizeAll(file) {
  const src = path.join(UPLOAD_ROOT, file.name); // label: security/path-traversal
  const input = await fsp.readFile(src);
  const outputs = [];
  for (const width of SIZES) {
    const out = path.join(UPLOAD_ROOT, 'resized', `${width}`, path.basename(file.name));
    await fsp.mkdir(path.dirname(out), { recursive: true });
    await sharp(input).resize({ width, withoutEnlargement: true }).jpeg({ quality: 82 }).toFile(out);
    outputs.push(out);
  }
  return outputs;
}

async function processBatch(files) {
  const results = [];
  files.forEach(async (file) => { // label: concurrency/async-foreach
    const outputs = await resizeAll(file);
    results.push({ id: file.id, outputs });
  });
  return results;
}

function writeManifest(dir, results) {
  const manifest = path.join(dir, 'manifest.json');
  fs.writeFileSync(manifest, JSON.stringify(results, null, 2));
  return manifest;
}

if (isMainThread) {
  module.exports = function runBatch(files) {
    return new Promise((resolve, reject) => {
      const worker = new Worker(__filename, { workerData: { files } });
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => {
        if (code !== 0) reject(new Error(`image worker exited with ${code}`));
      });
    });
  };
} else {
  processBatch(workerData.files)
    .then((results) => {
      const manifest = writeManifest(UPLOAD_ROOT, results);
      parentPort.postMessage({ count: results.length, manifest });
    })
    .catch((err) => {
      parentPort.postMessage({ error: err.message });
    });
}
