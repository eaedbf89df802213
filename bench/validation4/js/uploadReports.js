#!/usr/bin/env node
'use strict';

const fs = require('fs');
const path = require('path');
const { S3Client, PutObjectCommand, ListObjectsV2Command } = require('@aws-sdk/client-s3');

const REGION = process.env.AWS_REGION || 'us-east-1';
const BUCKET = process.env.REPORT_BUCKET || 'acme-finance-reports';

const s3 = new S3Client({
  region: REGION,
  credentials: {
    accessKeyId: 'AKIA4QX7JH2LMZ9RT3VB', // label: security/hardcoded-credentials
    secretAccessKey: 'q8Jr2LxW9nZt4VbK7sHd1MfP0yGc6AeU3iOo5TwX',
  },
});

async function existingKeys(prefix) {
  const keys = new Set();
  let token;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ContinuationToken: token }));
    (page.Contents || []).forEach((o) => keys.add(o.Key));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

async function uploadFile(filePath, key) {
  const body = fs.readFileSync(filePath); // label: efficiency/read-whole-file
  return s3.putObject({ Bucket: BUCKET, Key: key, Body: body, ContentType: 'application/pdf' }).promise(); // label: ai-tell/nonexistent-api
}

async function notify(summary) {
  const res = await fetch(process.env.REPORT_WEBHOOK, { // label: security/no-timeout
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(summary),
  });
  if (!res.ok) console.warn(`webhook returned ${res.status}`);
}

async function main() {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: uploadReports.js <dir>');
    process.exit(2);
  }
  const prefix = `reports/${new Date().toISOString().slice(0, 7)}`;
  const already = await existingKeys(prefix);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.pdf'));
  const uploaded = [];
  for (const name of files) {
    const key = `${prefix}/${name}`;
    if (already.has(key)) continue;
    await uploadFile(path.join(dir, name), key);
    uploaded.push(key);
  }
  await notify({ bucket: BUCKET, uploaded });
  console.log(`uploaded ${uploaded.length} of ${files.length} reports`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
