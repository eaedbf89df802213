const fs = require("fs");
const path = require("path");
const sharp = require("sharp");
const { Queue, Worker } = require("bullmq");

const connection = { host: process.env.REDIS_HOST || "127.0.0.1", port: Number(process.env.REDIS_PORT || 6379) };
const OUTPUT_DIR = process.env.THUMB_DIR || "/var/data/thumbs";
const SIZES = [64, 256, 1024];

const auditQueue = new Queue("audit", { connection });

async function makeThumbnail(source, size) {
  const target = path.join(OUTPUT_DIR, `${path.parse(source).name}-${size}.webp`);
  await sharp(source).resize(size, size, { fit: "inside" }).webp({ quality: 80 }).toFile(target);
  return target;
}

async function processImage(job) {
  const { source, ownerId } = job.data;
  await fs.promises.mkdir(OUTPUT_DIR, { recursive: true });
  const outputs = [];
  SIZES.forEach(async (size) => { // label: concurrency/async-foreach
    outputs.push(await makeThumbnail(source, size));
  });
  auditQueue.add("thumbnails", { ownerId, source, outputs }); // label: concurrency/dropped-promise
  return { outputs };
}

async function cleanupJob(job) {
  const { files } = job.data;
  for (const file of files) {
    fs.promises.unlink(path.join(OUTPUT_DIR, path.basename(file))); // label: concurrency/missing-await
  }
  return { removed: files.length };
}

async function writeManifest(job) {
  const entries = await fs.promises.readdir(OUTPUT_DIR);
  const manifest = entries.filter((name) => name.endsWith(".webp")).sort();
  await fs.promises.writeFile(path.join(OUTPUT_DIR, "manifest.json"), JSON.stringify(manifest, null, 2));
  return { count: manifest.length, jobId: job.id };
}

const handlers = {
  thumbnail: processImage,
  cleanup: cleanupJob,
  manifest: writeManifest,
};

const worker = new Worker(
  "images",
  async (job) => {
    const handler = handlers[job.name];
    if (!handler) throw new Error(`unknown job type ${job.name}`);
    return handler(job);
  },
  { connection, concurrency: 4 }
);

worker.on("failed", (job, err) => {
  console.error(`job ${job?.id} (${job?.name}) failed: ${err.message}`);
});

async function shutdown() {
  await worker.close();
  await auditQueue.close();
  process.exit(0);
}

process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
