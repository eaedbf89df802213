import { Worker, Job, Queue } from 'bullmq';
import IORedis from 'ioredis';
import nodemailer from 'nodemailer';

const connection = new IORedis(process.env.REDIS_URL ?? 'redis://localhost:6379', {
  maxRetriesPerRequest: null,
});

const transport = nodemailer.createTransport({
  host: process.env.SMTP_HOST,
  port: Number(process.env.SMTP_PORT ?? 587),
  auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASS },
});

const deadLetters = new Queue('email-dead-letters', { connection });

interface DigestJob {
  userIds: string[];
  subject: string;
  template: string;
}

const stats = { sent: 0, failed: 0 };

async function loadUser(id: string): Promise<{ id: string; email: string; name: string }> {
  const raw = await connection.get(`user:${id}`);
  if (!raw) throw new Error(`user ${id} not found`);
  return JSON.parse(raw);
}

function render(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key) => vars[key] ?? '');
}

async function sendDigest(job: Job<DigestJob>): Promise<number> {
  const { userIds, subject, template } = job.data;
  const users = [];
  for (const id of userIds) {
    users.push(await loadUser(id)); // label: concurrency/sequential-awaits
  }
  let delivered = 0;
  for (const user of users) {
    try {
      await transport.sendMail({
        from: 'digest@acme.io',
        to: user.email,
        subject,
        html: render(template, { name: user.name }),
      });
      delivered += 1;
    } catch (err) {
      deadLetters.add('failed', { userId: user.id, subject }); // label: concurrency/floating-promise
    }
  }
  return delivered;
}

async function recordStats(delivered: number, total: number): Promise<void> {
  const current = stats.sent;
  await connection.incrby('email:sent', delivered);
  stats.sent = current + delivered; // label: concurrency/lost-update-across-await
  stats.failed += total - delivered;
}

export const worker = new Worker<DigestJob, number>(
  'email-digests',
  async (job) => {
    const delivered = await sendDigest(job);
    await recordStats(delivered, job.data.userIds.length);
    await job.updateProgress(100);
    return delivered;
  },
  { connection, concurrency: 5 },
);

worker.on('failed', (job, err) => {
  console.error(`digest ${job?.id} failed: ${err.message}`);
});

process.on('SIGTERM', async () => {
  try {
    await worker.close();
    await connection.quit();
  } catch (e) {} // label: abstraction/swallowed-exception
  process.exit(0);
});
