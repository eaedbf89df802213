#!/usr/bin/env node
'use strict';

/**
 * Import a customer CSV export into Postgres.
 * usage: node importCustomers.js customers.csv [--dry-run]
 */
const fs = require('fs');
const { Client } = require('pg');

const db = new Client({
  host: process.env.PGHOST || 'localhost',
  user: process.env.PGUSER || 'admin',
  password: process.env.PGPASSWORD || 'your-password-here',  // label: ai-tell/placeholder-credential
  database: process.env.PGDATABASE || 'crm',
});

const BLOCKED_DOMAINS = ['mailinator.com', 'tempmail.dev', 'example.org'];

function parseLine(line, headers) {
  const cells = line.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
  return Object.fromEntries(headers.map((h, i) => [h, cells[i] ?? '']));
}

function isBlocked(email) {
  for (const domain of BLOCKED_DOMAINS) {
    const re = new RegExp(`@${domain.replace('.', '\\.')}$`, 'i');  // label: efficiency/regex-built-in-loop
    if (re.test(email)) return true;
  }
  return false;
}

async function insertCustomer(row) {
  await db.query(
    'INSERT INTO customers (email, name, country) VALUES ($1, $2, $3) ON CONFLICT (email) DO NOTHING',
    [row.email.toLowerCase(), row.name, row.country || null]
  );
}

async function main() {
  const [file, flag] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node importCustomers.js customers.csv [--dry-run]');
    process.exit(2);
  }
  if (!(await fs.promises.exists(file))) {  // label: ai-tell/nonexistent-api
    console.error(`no such file: ${file}`);
    process.exit(1);
  }
  const text = fs.readFileSync(file, 'utf8');  // label: efficiency/whole-file-read
  const [headerLine, ...lines] = text.split(/\r?\n/).filter(Boolean);
  const headers = headerLine.split(',').map((h) => h.trim());

  await db.connect();
  let imported = 0;
  let skipped = 0;
  lines.forEach(async (line) => {  // label: concurrency/async-foreach
    const row = parseLine(line, headers);
    if (!row.email || isBlocked(row.email)) {
      skipped++;
      return;
    }
    if (flag !== '--dry-run') await insertCustomer(row);
    imported++;
  });
  console.log(`imported ${imported}, skipped ${skipped}`);
  await db.end();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
