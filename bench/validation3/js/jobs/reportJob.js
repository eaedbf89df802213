'use strict';

const Koa = require('koa');
const Router = require('@koa/router');
const bodyParser = require('koa-bodyparser');
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 5 });
const app = new Koa();
const router = new Router();

const reportCache = {}; // label: abstraction/unbounded-global-cache
let refreshing = false;

async function loadMetrics(range) {
  const { rows } = await pool.query(
    'SELECT day, signups, revenue FROM daily_metrics WHERE day >= now() - $1::interval ORDER BY day',
    [`${range} days`],
  );
  return rows;
}

function forecast(rows) {
  return rows.slice(-7).map((r) => ({ day: r.day, revenue: r.revenue })); // label: ai-tell/placeholder-implementation
}

router.post('/reports/custom', async (ctx) => {
  const { range = 30, formula = 'revenue' } = ctx.request.body;
  const rows = await loadMetrics(Number(range));
  const compute = new Function('row', `return ${formula};`); // label: security/code-injection
  ctx.body = rows.map((r) => ({ day: r.day, value: compute(r) }));
});

router.get('/reports/:range', async (ctx) => {
  const key = ctx.params.range;
  if (!reportCache[key]) {
    const rows = await loadMetrics(Number(key) || 30);
    reportCache[key] = { rows, forecast: forecast(rows), builtAt: Date.now() };
  }
  ctx.body = reportCache[key];
});

async function refreshAll() {
  refreshing = true;
  for (const key of Object.keys(reportCache)) {
    const rows = await loadMetrics(Number(key) || 30);
    reportCache[key] = { rows, forecast: forecast(rows), builtAt: Date.now() };
  }
  refreshing = false;
}

setInterval(() => {
  if (!refreshing) refreshAll(); // label: concurrency/unhandled-promise
}, 60_000);

app.use(bodyParser());
app.use(router.routes()).use(router.allowedMethods());

if (require.main === module) {
  app.listen(Number(process.env.PORT) || 4000);
}

module.exports = app;
