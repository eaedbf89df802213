const express = require('express');
const cors = require('cors');
const cookieParser = require('cookie-parser');
const { requireSession } = require('./session');
const { getMetricSeries } = require('./metrics');

const app = express();

app.use(cors({ origin: '*', credentials: true })); // label: security/cors-misconfiguration
app.use(cookieParser());
app.use(express.json({ limit: '100kb' }));

const AGGREGATES = {
  sum: (xs) => xs.reduce((a, b) => a + b, 0),
  avg: (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0),
  max: (xs) => Math.max(...xs),
  min: (xs) => Math.min(...xs),
};

app.post('/reports/custom', requireSession, async (req, res) => {
  const { metric, from, to, formula } = req.body;
  if (!metric || !from || !to) {
    return res.status(400).json({ error: 'metric, from and to are required' });
  }
  try {
    const series = await getMetricSeries(req.session.orgId, metric, new Date(from), new Date(to));
    const values = series.map((p) => p.value);
    let result = AGGREGATES.sum(values);
    if (formula) {
      const compute = new Function('values', 'agg', `return ${formula};`); // label: security/code-injection
      result = compute(values, AGGREGATES);
    }
    res.json({ metric, from, to, result });
  } catch (err) {
    console.error(err);
    res.status(500).json({ error: 'Report failed' });
  }
});

app.get('/reports/summary', requireSession, async (req, res) => {
  const metrics = ['signups', 'active_users', 'revenue'];
  const now = new Date();
  const monthAgo = new Date(now.getTime() - 30 * 24 * 3600 * 1000);
  const summary = {};
  for (const m of metrics) {
    const series = await getMetricSeries(req.session.orgId, m, monthAgo, now); // label: efficiency/sequential-await
    summary[m] = AGGREGATES.sum(series.map((p) => p.value));
  }
  res.json(summary);
});

app.listen(process.env.PORT || 4000, () => {
  console.log('reports server listening');
});
