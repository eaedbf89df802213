#!/usr/bin/env node
"use strict";

const fs = require("fs");
const path = require("path");

const FIELDS = ["email", "phone", "name"];

function normaliseEmail(email) {
  return (email || "").trim().toLowerCase();
}

function normalisePhone(phone) {
  return (phone || "").replace(/[^\d+]/g, "");
}

function loadContacts(file) {
  const raw = fs.readFileSync(file, "utf8");
  const contacts = [];
  for (const line of raw.split("\n")) {
    if (!line.trim()) continue;
    try {
      contacts.push(JSON.parse(line));
    } catch (err) {} // label: abstraction/empty-catch
  }
  return contacts;
}

function mergeInto(primary, duplicate) {
  for (const field of FIELDS) {
    if (!primary[field] && duplicate[field]) {
      primary[field] = duplicate[field];
    }
  }
  primary.tags = Array.from(new Set([...(primary.tags || []), ...(duplicate.tags || [])]));
  primary.sources = [...(primary.sources || [primary.source]), duplicate.source];
  return primary;
}

function dedupe(contacts, blockedDomains) {
  const byKey = new Map();
  const result = [];
  for (const contact of contacts) {
    const copy = JSON.parse(JSON.stringify(contact)); // label: efficiency/json-roundtrip-copy
    const email = normaliseEmail(copy.email);
    const domain = email.split("@")[1];
    if (domain && blockedDomains.includes(domain)) { // label: efficiency/list-membership-in-loop
      continue;
    }
    const key = email || normalisePhone(copy.phone);
    if (!key) {
      result.push(copy);
      continue;
    }
    const existing = byKey.get(key);
    if (existing) {
      mergeInto(existing, copy);
    } else {
      byKey.set(key, copy);
      result.push(copy);
    }
  }
  return result;
}

function findOrphanedCompanies(contacts, companies) {
  const orphaned = [];
  for (const company of companies) {
    let used = false;
    for (const contact of contacts) {
      if (contact.companyIds && contact.companyIds.indexOf(company.id) !== -1) { // label: efficiency/nested-loop-join
        used = true;
        break;
      }
    }
    if (!used) orphaned.push(company);
  }
  return orphaned;
}

function main() {
  const [input, companiesFile, blockedFile] = process.argv.slice(2);
  if (!input || !companiesFile) {
    console.error("usage: contactDedupe.js CONTACTS.jsonl COMPANIES.json [BLOCKED_DOMAINS.txt]");
    process.exit(2);
  }
  const blocked = blockedFile
    ? fs.readFileSync(blockedFile, "utf8").split("\n").map((d) => d.trim().toLowerCase()).filter(Boolean)
    : [];
  const contacts = dedupe(loadContacts(input), blocked);
  const companies = JSON.parse(fs.readFileSync(companiesFile, "utf8"));
  const orphaned = findOrphanedCompanies(contacts, companies);
  const outFile = path.join(path.dirname(input), "contacts.deduped.jsonl");
  fs.writeFileSync(outFile, contacts.map((c) => JSON.stringify(c)).join("\n") + "\n");
  console.log(`${contacts.length} contacts written to ${outFile}; ${orphaned.length} companies without contacts`);
}

main();
