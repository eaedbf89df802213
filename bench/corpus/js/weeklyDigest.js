#!/usr/bin/env node
"use strict";

const { Pool } = require("pg");
const nodemailer = require("nodemailer");

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const transport = nodemailer.createTransport({
  host: process.env.SMTP_HOST,
  port: Number(process.env.SMTP_PORT || 587),
  auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASSWORD },
});

const BATCH_SIZE = 10;
const TEMPLATE = {
  subject: "Your weekly summary",
  sections: { activity: [], mentions: [], tasks: [] },
};

async function loadRecipients() {
  const { rows } = await pool.query(
    "SELECT id, email, name FROM users WHERE digest_opt_in = true AND deactivated_at IS NULL ORDER BY id"
  );
  return rows;
}

async function loadActivity(userId) {
  const { rows } = await pool.query(
    `SELECT kind, title, created_at FROM activity
     WHERE user_id = $1 AND created_at > now() - interval '7 days'
     ORDER BY created_at DESC LIMIT 50`,
    [userId]
  );
  return rows;
}

function renderText(user, digest) {
  const lines = [`Hi ${user.name},`, "", "Here is what happened this week:"];
  for (const [section, items] of Object.entries(digest.sections)) {
    if (items.length === 0) continue;
    lines.push("", `${section.toUpperCase()} (${items.length})`);
    for (const item of items) lines.push(`- ${item.title}`);
  }
  return lines.join("\n");
}

async function sendDigest(user) {
  const digest = JSON.parse(JSON.stringify(TEMPLATE));
  for (const row of await loadActivity(user.id)) {
    const bucket = digest.sections[row.kind];
    if (bucket) bucket.push(row);
  }
  if (Object.values(digest.sections).every((items) => items.length === 0)) {
    return false;
  }
  await transport.sendMail({
    from: process.env.DIGEST_FROM,
    to: user.email,
    subject: digest.subject,
    text: renderText(user, digest),
  });
  return true;
}

async function main() {
  const recipients = await loadRecipients();
  let sent = 0;
  for (let i = 0; i < recipients.length; i += BATCH_SIZE) {
    const results = await Promise.allSettled(recipients.slice(i, i + BATCH_SIZE).map(sendDigest));
    for (const result of results) {
      if (result.status === "fulfilled") {
        if (result.value) sent += 1;
      } else {
        console.log(result.reason); // label: abstraction/swallowed-exception
      }
    }
  }
  pool.query("INSERT INTO digest_runs (sent_count, ran_at) VALUES ($1, now())", [sent]); // label: concurrency/dropped-promise
  console.log(`weekly digest sent to ${sent} of ${recipients.length} users`);
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => pool.end());
