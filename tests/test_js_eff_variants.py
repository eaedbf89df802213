"""Variants of the JS efficiency / abstraction / correctness rules that are not in the rules' own examples.

Each case is realistic code in a shape the rule was not written against: a different loop form, ORM,
receiver or naming. Lines marked `// expect: CODE` must be reported with exactly those codes (for the
codes listed in the case); unmarked lines must stay silent for them.
"""
import re

import pytest

from codeaudit.examples import run_source

CASES = [
    # ---- EFF104 N+1 queries: Sequelize, knex-like db handle, while loop exit, forEach callback
    ("EFF104", "javascript",
     "async function enrich(orders, Customer) {\n  for (const o of orders) {\n"
     "    o.customer = await Customer.findByPk(o.customerId);  // expect: EFF104\n  }\n}\n"),
    ("EFF104", "typescript",
     "export async function names(db: Db, ids: string[]) {\n  const out: string[] = [];\n"
     "  for (let i = 0; i < ids.length; i++) {\n"
     "    const row = await db.query(`SELECT name FROM users WHERE id = $1`, [ids[i]]);  // expect: EFF104\n"
     "    out.push(row.rows[0].name);\n  }\n  return out;\n}\n"),
    ("EFF104", "javascript",
     "async function seed(pool, rows) {\n  for (const r of rows) {\n"
     "    await pool.query('INSERT INTO t (a) VALUES ($1)', [r.a]);\n  }\n}\n"
     "async function total(pool) {\n  const { rows } = await pool.query('SELECT sum(x) FROM t');\n  return rows[0];\n}\n"),
    ("EFF104", "javascript",
     "async function warm(cache, keys) {\n  await Promise.all(keys.map(async (k) => cache.set(k, await cache.get(k))));\n}\n"),
    # ---- EFF105 sort for min/max
    ("EFF105", "javascript",
     "function cheapest(offers) {\n  return offers.slice().sort((a, b) => a.price - b.price)[0];  // expect: EFF105\n}\n"
     "function ranked(offers) {\n  return offers.slice().sort((a, b) => a.price - b.price);\n}\n"),
    # ---- EFF106 client per call: mysql2 pool in a Koa handler, Redis in a message consumer
    ("EFF106", "javascript",
     "const mysql = require('mysql2/promise');\nrouter.get('/x', async (ctx) => {\n"
     "  const pool = mysql.createPool({ uri: process.env.DB });  // expect: EFF106\n"
     "  const [rows] = await pool.query('SELECT 1');\n  ctx.body = rows;\n});\n"),
    ("EFF106", "typescript",
     "import Redis from 'ioredis';\nexport async function onMessage(msg: Msg) {\n"
     "  const redis = new Redis(process.env.REDIS_URL!);  // expect: EFF106\n"
     "  await redis.set(msg.key, msg.value);\n  redis.disconnect();\n}\n"),
    ("EFF106", "typescript",
     "import Redis from 'ioredis';\nlet redis: Redis | undefined;\nexport function getRedis(): Redis {\n"
     "  if (!redis) redis = new Redis(process.env.REDIS_URL!);\n  return redis;\n}\n"),
    # ---- EFF107 find in loop: for-of join, reduce accumulator group, filter+some diff
    ("EFF107", "javascript",
     "function merge(users, profiles) {\n  const out = [];\n  for (const u of users) {\n"
     "    const p = profiles.find((x) => x.userId === u.id);  // expect: EFF107\n"
     "    out.push({ ...u, ...p });\n  }\n  return out;\n}\n"),
    ("EFF107", "javascript",
     "function match(users, profiles) {\n  const byUser = new Map(profiles.map((p) => [p.userId, p]));\n"
     "  return users.map((u) => ({ ...u, profile: byUser.get(u.id) }));\n}\n"
     "function firstAdmin(teams) {\n  return teams.map((t) => t.members.find((m) => m.role === t.adminRole));\n}\n"),
    # ---- EFF108 shift queue in a for(;;) worklist
    ("EFF108", "javascript",
     "function flatten(tree) {\n  const out = [];\n  const work = [tree];\n  for (; work.length; ) {\n"
     "    const n = work.shift();  // expect: EFF108\n    out.push(n.value);\n"
     "    if (n.children) work.push(...n.children);\n  }\n  return out;\n}\n"),
    # ---- EFF109 Intl per row in a for loop; DateTimeFormat hoisted is fine
    ("EFF109", "typescript",
     "export function labels(rows: Row[], locale: string) {\n  const out: string[] = [];\n  for (const r of rows) {\n"
     "    out.push(new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(r.at));  // expect: EFF109\n"
     "  }\n  return out;\n}\n"
     "export function labels2(rows: Row[], locale: string) {\n"
     "  const fmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });\n"
     "  return rows.map((r) => fmt.format(r.at));\n}\n"),
    # ---- EFF110 filter after fetch-all: Sequelize findAll, prisma filter with where is fine
    ("EFF110", "javascript",
     "async function active(User) {\n  const users = await User.findAll({ order: [['id', 'ASC']] });\n"
     "  return users;\n}\n"
     "async function activeIn(prisma, org) {\n  const users = await prisma.user.findMany({ where: { orgId: org } });\n"
     "  return users.filter((u) => u.active === true);\n}\n"),
    ("EFF110", "typescript",
     "export async function bySku(prisma: PrismaClient, sku: string) {\n"
     "  return (await prisma.product.findMany({ include: { stock: true } })).find((p) => p.sku === sku);  // expect: EFF110\n}\n"),
    # ---- EFF111 whole file read with fs/promises default import
    ("EFF111", "typescript",
     "import fs from 'node:fs';\nexport async function tail(file: string) {\n"
     "  const content = await fs.promises.readFile(file, 'utf8');  // expect: EFF111\n"
     "  const lines = content.split('\\n');\n  await Promise.all(lines.map(async (l) => queue.add(await enrich(l))));\n}\n"
     "export function lastLines(text: string, file: string) {\n  const all = fs.readFileSync(file, 'utf8').split('\\n');\n"
     "  return all.slice(-20);\n}\n"),
    # ---- EFF112 spread accumulators: reduce with a block body, while loop with an array
    ("EFF112", "javascript",
     "function tally(votes) {\n  return votes.reduce((totals, v) => {\n"
     "    return { ...totals, [v.choice]: (totals[v.choice] || 0) + 1 };  // expect: EFF112\n  }, {});\n}\n"),
    ("EFF112", "javascript",
     "async function drain(cursor) {\n  let rows = [];\n  while (await cursor.hasNext()) {\n"
     "    rows = [...rows, await cursor.next()];  // expect: EFF112\n  }\n  return rows;\n}\n"
     "function setFlag(state, flag) {\n  return { ...state, flags: { ...state.flags, [flag]: true } };\n}\n"),
    # ---- EFF102 growing visited list in a for-of over a graph's edges
    ("EFF102", "javascript",
     "function reachable(edges) {\n  const visited = [];\n  for (const [from, to] of edges) {\n"
     "    if (visited.indexOf(to) === -1) visited.push(to);  // expect: EFF102\n  }\n  return visited;\n}\n"),
    # ---- ABS103 hand-rolled retry with fetch in a while loop; a retry that checks the status is fine
    ("ABS103", "javascript",
     "async function getJson(url) {\n  let i = 0;\n  while (true) {  // expect: ABS103\n    try {\n"
     "      const r = await fetch(url);\n      return await r.json();\n    } catch (e) {\n"
     "      if (++i > 3) throw e;\n      await new Promise((r) => setTimeout(r, 200 * i));\n    }\n  }\n}\n"),
    # ---- ABS104 deep copy under another name shape
    ("ABS104", "javascript",
     "const deepCopy = (o) => {  // expect: ABS104\n  if (o === null || typeof o !== 'object') return o;\n"
     "  if (Array.isArray(o)) return o.map(deepCopy);\n"
     "  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, deepCopy(v)]));\n};\n"),
    # ---- COR102 effect with no deps using useReducer dispatch
    ("COR102", "tsx",
     "function Feed({ url }) {\n  const [state, dispatch] = useReducer(reducer, init);\n"
     "  useEffect(() => {  // expect: COR102\n    fetch(url).then((r) => r.json()).then((items) => dispatch({ type: 'loaded', items }));\n"
     "  });\n  return <List items={state.items} />;\n}\n"),
    # ---- COR103 arithmetic with an uncalled method
    ("COR103", "javascript",
     "function ageDays(user) {\n  return (Date.now() - user.created.getTime) / 86400000;  // expect: COR103\n}\n"
     "function same(a, b) {\n  return a.getTime() === b.getTime();\n}\n"),
]

_MARK = re.compile(r"//\s*expect:\s*([A-Z]{3}\d{3})")


@pytest.mark.parametrize("code, language, source", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_variant(code, language, source):
    expected = {i for i, line in enumerate(source.splitlines(), 1) for m in _MARK.finditer(line) if m.group(1) == code}
    findings = run_source(source, language)
    reported = {f.line for f in findings if f.code == code}
    assert reported == expected
