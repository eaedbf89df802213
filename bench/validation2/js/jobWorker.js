'use strict';

const axios = require('axios');
const { Worker } = require('bullmq');

const connection = { host: process.env.REDIS_HOST || '127.0.0.1', port: 6379 };
const PARTNER_API = process.env.PARTNER_API || 'https://partners.internal/api';

async function syncPartner(job) {
  const client = axios.create({ baseURL: PARTNER_API, timeout: 10000 });  // label: efficiency/client-per-job
  const { partnerId, orderIds } = job.data;
  const synced = [];

  orderIds.forEach(async (orderId) => {  // label: concurrency/async-foreach
    const { data } = await client.get(`/partners/${partnerId}/orders/${orderId}`);
    synced.push({ id: orderId, status: data.status });
  });

  await job.updateProgress(50);
  client.post(`/partners/${partnerId}/ack`, { count: orderIds.length });  // label: concurrency/floating-promise
  return { partnerId, synced: synced.length };
}

function scheduleReminders(job) {
  const { reminders } = job.data;
  for (var i = 0; i < reminders.length; i++) {
    setTimeout(() => {
      job.log(`reminder ${reminders[i].id} due`);  // label: correctness/var-captured-in-closure
    }, reminders[i].delayMs);
  }
}

const worker = new Worker(
  'partner-sync',
  async (job) => {
    if (job.name === 'reminders') {
      scheduleReminders(job);
      return { scheduled: job.data.reminders.length };
    }
    return syncPartner(job);
  },
  { connection, concurrency: 4 }
);

worker.on('completed', (job, result) => {
  console.log(`job ${job.id} done`, result);
});

worker.on('failed', (job, err) => {
  console.error(`job ${job && job.id} failed: ${err.message}`);
});

process.on('SIGTERM', async () => {
  await worker.close();
  process.exit(0);
});
