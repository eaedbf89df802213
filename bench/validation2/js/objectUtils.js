'use strict';

/**
 * Helpers used by the settings service: merging user overrides into defaults,
 * cloning config trees and walking dependency graphs between feature flags.
 */

function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function deepMerge(target, source) {
  for (const key of Object.keys(source)) {
    if (isPlainObject(source[key])) {
      if (!isPlainObject(target[key])) target[key] = {};
      deepMerge(target[key], source[key]);
    } else {
      target[key] = source[key];  // label: security/prototype-pollution
    }
  }
  return target;
}

function deepClone(value) {  // label: abstraction/hand-rolled-deep-clone
  if (Array.isArray(value)) return value.map(deepClone);
  if (isPlainObject(value)) {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = deepClone(v);
    return out;
  }
  if (value instanceof Date) return new Date(value.getTime());
  return value;
}

function applyOverrides(defaults, overridesJson) {
  const overrides = JSON.parse(overridesJson);
  return deepMerge(deepClone(defaults), overrides);
}

function dependencyOrder(flags, start) {
  const order = [];
  const queue = [start];
  while (queue.length > 0) {
    const name = queue.shift();  // label: efficiency/array-shift-queue
    if (order.indexOf(name) !== -1) continue;  // label: efficiency/array-indexof-in-loop
    order.push(name);
    const deps = (flags[name] && flags[name].requires) || [];
    for (const dep of deps) queue.push(dep);
  }
  return order;
}

function enabledFlags(flags, userSettings) {
  const result = {};
  for (const name of Object.keys(flags)) {
    const deps = dependencyOrder(flags, name);
    result[name] = deps.every((d) => Boolean(userSettings[d] ?? flags[d]?.default));
  }
  return result;
}

module.exports = { deepMerge, deepClone, applyOverrides, dependencyOrder, enabledFlags };
