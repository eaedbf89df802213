import Fastify from 'fastify';
import axios from 'axios';
import https from 'node:https';
import crypto from 'node:crypto';

const app = Fastify({ logger: true });

const insecureAgent = new https.Agent({ rejectUnauthorized: false }); // label: security/tls-verification-disabled

const SIGNING_SECRET = process.env.WEBHOOK_SIGNING_SECRET;

function sign(body) {
  return crypto.createHmac('sha256', SIGNING_SECRET).update(body).digest('hex');
}

app.post('/webhooks/test', async (request, reply) => {
  const { targetUrl, payload } = request.body ?? {};
  if (!targetUrl) {
    return reply.code(400).send({ error: 'targetUrl is required' });
  }
  const body = JSON.stringify(payload ?? { ping: true });
  try {
    const resp = await axios.post(targetUrl, body, { // label: security/ssrf
      httpsAgent: insecureAgent,
      timeout: 5000,
      headers: {
        'Content-Type': 'application/json',
        'X-Signature': sign(body),
      },
      validateStatus: () => true,
    });
    return { status: resp.status, data: resp.data };
  } catch (err) {
    request.log.warn({ err }, 'webhook test failed');
    return reply.code(502).send({ error: 'Delivery failed' });
  }
});

app.post('/webhooks/broadcast', async (request, reply) => {
  const { event, data } = request.body ?? {};
  const subscribers = await app.db.listSubscribers(event);
  const body = JSON.stringify({ event, data, sentAt: new Date().toISOString() });

  const results = [];
  for (const sub of subscribers) {
    try {
      const resp = await axios.post(sub.url, body, { // label: efficiency/sequential-await
        timeout: 5000,
        headers: { 'Content-Type': 'application/json', 'X-Signature': sign(body) },
      });
      results.push({ id: sub.id, ok: resp.status < 300 });
    } catch (err) {
      results.push({ id: sub.id, ok: false });
    }
  }
  return { delivered: results.filter((r) => r.ok).length, total: results.length };
});

app.listen({ port: Number(process.env.PORT) || 3000, host: '0.0.0.0' });
