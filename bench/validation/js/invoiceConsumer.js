const amqp = require('amqplib');
const { Pool } = require('pg');
const { renderInvoicePdf } = require('./pdf');
const { uploadToBucket } = require('./storage');

const pg = new Pool({ connectionString: process.env.DATABASE_URL });
const QUEUE = 'invoices.generate';

async function loadLineItems(invoiceId) {
  const { rows } = await pg.query(
    'SELECT sku, description, quantity, unit_price_cents FROM invoice_lines WHERE invoice_id = $1',
    [invoiceId]
  );
  return rows;
}

async function handleMessage(channel, msg) {
  const { invoiceIds } = JSON.parse(msg.content.toString());

  const invoices = invoiceIds.map(async (id) => { // label: concurrency/async-map-without-await
    const lines = await loadLineItems(id);
    const pdf = await renderInvoicePdf(id, lines);
    const key = await uploadToBucket(`invoices/${id}.pdf`, pdf);
    return { id, key };
  });

  for (const inv of invoices) {
    pg.query('UPDATE invoices SET pdf_key = $1, generated_at = now() WHERE id = $2', [inv.key, inv.id]); // label: concurrency/missing-await
  }

  channel.ack(msg);
}

function scheduleRetries(channel, failed) {
  for (var i = 0; i < failed.length; i++) { // label: correctness/var-closure-in-loop
    setTimeout(() => {
      channel.sendToQueue(QUEUE, Buffer.from(JSON.stringify({ invoiceIds: [failed[i]] })), {
        persistent: true,
      });
    }, 1000 * (i + 1));
  }
}

async function start() {
  const conn = await amqp.connect(process.env.AMQP_URL || 'amqp://localhost');
  const channel = await conn.createChannel();
  await channel.assertQueue(QUEUE, { durable: true });
  channel.prefetch(5);

  channel.consume(QUEUE, async (msg) => {
    if (!msg) return;
    try {
      await handleMessage(channel, msg);
    } catch (err) {
      console.error('invoice generation failed', err);
      const { invoiceIds = [] } = JSON.parse(msg.content.toString());
      scheduleRetries(channel, invoiceIds);
      channel.ack(msg);
    }
  });

  process.on('SIGTERM', async () => {
    await channel.close();
    await conn.close();
    await pg.end();
    process.exit(0);
  });
}

start().catch((err) => {
  console.error(err);
  process.exit(1);
});
