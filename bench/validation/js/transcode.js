'use strict';

const { execFile } = require('node:child_process');
const { promisify } = require('node:util');
const fs = require('node:fs/promises');
const path = require('node:path');
const crypto = require('node:crypto');

const execFileAsync = promisify(execFile);

const MEDIA_ROOT = path.resolve(process.env.MEDIA_ROOT || '/srv/media');
const PRESETS = {
  '720p': ['-vf', 'scale=-2:720', '-b:v', '2500k'],
  '480p': ['-vf', 'scale=-2:480', '-b:v', '1200k'],
};

function resolveInsideRoot(relative) {
  const full = path.resolve(MEDIA_ROOT, relative);
  if (!full.startsWith(MEDIA_ROOT + path.sep)) {
    throw new Error(`path escapes media root: ${relative}`);
  }
  return full;
}

async function transcode(inputRelative, presetName) {
  const preset = PRESETS[presetName];
  if (!preset) throw new Error(`unknown preset ${presetName}`);

  const input = resolveInsideRoot(inputRelative);
  const outName = `${crypto.randomBytes(12).toString('hex')}_${presetName}.mp4`;
  const output = path.join(MEDIA_ROOT, 'out', outName);

  await fs.mkdir(path.dirname(output), { recursive: true });
  try {
    await execFileAsync('ffmpeg', ['-y', '-i', input, ...preset, '-c:a', 'aac', output], {
      timeout: 10 * 60 * 1000,
      maxBuffer: 10 * 1024 * 1024,
    });
  } catch (err) {
    await fs.rm(output, { force: true });
    throw new Error(`ffmpeg failed for ${inputRelative}: ${err.stderr || err.message}`, { cause: err });
  }
  return output;
}

async function transcodeAll(inputRelative) {
  const names = Object.keys(PRESETS);
  const outputs = await Promise.all(names.map((name) => transcode(inputRelative, name)));
  return Object.fromEntries(names.map((name, i) => [name, outputs[i]]));
}

async function main() {
  const [, , input] = process.argv;
  if (!input) {
    console.error('usage: transcode.js <relative-input-path>');
    process.exit(2);
  }
  const results = await transcodeAll(input);
  for (const [preset, file] of Object.entries(results)) {
    console.log(`${preset}: ${file}`);
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
}

module.exports = { transcode, transcodeAll };
