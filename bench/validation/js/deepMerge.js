'use strict';

const express = require('express');
const { loadSettings, saveSettings } = require('./settingsStore');

const DEFAULTS = {
  theme: 'light',
  notifications: { email: true, push: false, digest: 'weekly' },
  editor: { tabSize: 2, wordWrap: true },
};

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function deepMerge(target, source) {
  for (const key of Object.keys(source)) {
    if (isObject(source[key])) {
      if (!isObject(target[key])) target[key] = {};
      deepMerge(target[key], source[key]);
    } else {
      target[key] = source[key];
    }
  }
  return target;
}

function buildSnapshots(history) {
  const snapshots = [];
  let current = {};
  for (const patch of history) {
    current = deepMerge(current, patch);
    snapshots.push(JSON.parse(JSON.stringify(current))); // label: efficiency/deep-clone-in-loop
  }
  return snapshots;
}

const router = express.Router();

router.get('/settings', async (req, res, next) => {
  try {
    const stored = await loadSettings(req.user.id);
    res.json(deepMerge(structuredClone(DEFAULTS), stored || {}));
  } catch (err) {
    next(err);
  }
});

router.patch('/settings', async (req, res, next) => {
  try {
    const stored = (await loadSettings(req.user.id)) || {};
    const merged = deepMerge(stored, req.body); // label: security/prototype-pollution
    await saveSettings(req.user.id, merged);
    res.json(merged);
  } catch (err) {
    next(err);
  }
});

router.get('/settings/history', async (req, res, next) => {
  try {
    const history = await req.app.locals.db.settingsHistory(req.user.id);
    res.json(buildSnapshots(history.map((h) => h.patch)));
  } catch (err) {
    next(err);
  }
});

module.exports = { router, deepMerge };
