"""Variants of the Python security / concurrency rules in shapes their own examples do not cover.

Each case is realistic code: lines marked `# expect: CODE` must be reported with exactly the codes listed for
the case; unmarked lines must stay silent for those codes.
"""
import re

import pytest

from codeaudit.examples import run_source

CASES = [
    # ---- taint one step through the module's own helpers
    ("SEC002", "from flask import request\n"
     "def by_status(status):\n    if not status:\n        return ''\n    cond = f\"status = '{status}'\"\n"
     "    return 'WHERE ' + cond\n"
     "def orders(db):\n    where = by_status(request.args.get('s'))\n"
     "    return db.execute('SELECT * FROM orders ' + where).fetchall()  # expect: SEC002\n"),
    ("SEC002", "from flask import request\nSORTS = {'new': 'created_at DESC', 'name': 'name'}\n"
     "def sort_column(v):\n    return SORTS.get(v, 'id')\n"
     "def rows(db):\n    col = sort_column(request.args.get('sort'))\n"
     "    return db.execute('SELECT * FROM t ORDER BY ' + col).fetchall()\n"),
    ("SEC014", "from flask import Flask, request\nfrom markupsafe import Markup\napp = Flask(__name__)\n"
     "@app.get('/p')\ndef page():\n    hl = request.args.get('hl', '')\n    text = 'hello world'\n"
     "    text = text.replace(hl, f'<b>{hl}</b>')\n    return Markup(text)  # expect: SEC014\n"),
    ("SEC012", "import yaml\nfrom flask import Flask, request, render_template_string\napp = Flask(__name__)\n"
     "def load_cfg(raw):\n    cfg = yaml.safe_load(raw)\n    cfg.setdefault('title', 'x')\n    return cfg\n"
     "@app.post('/r')\ndef render():\n    cfg = load_cfg(request.get_data(as_text=True))\n"
     "    return render_template_string(cfg.get('template', ''), **cfg)  # expect: SEC012\n"),
    # ---- SEC009 at the serving call when the path is built first
    ("SEC009", "import os\nfrom flask import Flask, request, send_file\napp = Flask(__name__)\n"
     "@app.get('/dl')\ndef dl():\n    name = request.args['f']\n    full = os.path.join('/srv/out', name)\n"
     "    app.logger.info('serving %s', full)\n    return send_file(full, as_attachment=True)  # expect: SEC009\n"),
    ("SEC009", "from pathlib import Path\nfrom flask import Flask, request\napp = Flask(__name__)\nROOT = Path('/srv')\n"
     "@app.post('/up')\ndef up():\n    f = request.files['doc']\n    dest = ROOT / f.filename  # expect: SEC009\n"
     "    f.save(dest)\n    return 'ok'\n"),
    # ---- SEC019 signatures computed by a helper / read from a signature header
    ("SEC019", "import hmac, hashlib\nfrom flask import request, abort\n"
     "def expected_sig(body):\n    return 'sha256=' + hmac.new(SECRET, body, hashlib.sha256).hexdigest()\n"
     "def hook():\n    sent = request.headers['X-Hub-Signature-256']\n    want = expected_sig(request.data)\n"
     "    if sent != want:  # expect: SEC019\n        abort(401)\n"),
    ("SEC019", "import hashlib\nfrom flask import request\ndef etag(body):\n    return hashlib.md5(body).hexdigest()\n"
     "def cached():\n    tag = etag(render())\n    if request.headers.get('If-None-Match') == tag:\n        return '', 304\n"),
    # ---- SEC022 timeout switched off
    ("SEC022", "import httpx\nclient = httpx.Client(base_url='https://api', timeout=None)  # expect: SEC022\n"
     "other = httpx.Client(base_url='https://api')\n"),
    # ---- SEC018 credential formats under neutral names
    ("SEC018", "SETTINGS = {}\nAWS_KEY_ID = 'AKIAZ7Q2M4P9X3LKT6WB'  # expect: SEC018\nREGION = 'us-east-1'\n"
     "BUCKET_ARN = 'arn:aws:s3:::reports'\n"),
    # ---- concurrency
    ("CON012", "import threading\nclass Pool:\n    def __init__(self):\n        self.lock = threading.Lock()\n"
     "        self.free = []\n    def get(self):\n        self.lock.acquire()\n        if not self.free:\n"
     "            raise_if_closed(self)\n            return None  # expect: CON012\n        conn = self.free.pop()\n"
     "        self.lock.release()\n        return conn\n"),
    ("CON004", "class Mailer:\n    async def send(self, to, body):\n        pass\n"
     "async def notify(users):\n    mailer = Mailer()\n    for u in users:\n        mailer.send(u.email, 'hi')  # expect: CON004\n"
     "    await mailer.send('ops@x', 'done')\n"),
    ("CON006", "import asyncio\nasync def fetch_all(urls):\n    return urls\n"
     "def fetch_all_sync(urls):\n    return asyncio.run(fetch_all(urls))\n"
     "async def handler(req):\n    data = fetch_all_sync(req.urls)  # expect: CON006\n    return data\n"
     "def cli(urls):\n    print(fetch_all_sync(urls))\n"),
    ("CON016", "from multiprocessing import Pool\ndef score(chunk):\n    with Pool() as p:  # expect: CON016\n"
     "        return p.map(model, chunk)\ndef main(chunks):\n    results = [score(c) for c in chunks]\n    return results\n"),
    ("CON009", "import aiohttp\nfrom aiohttp import web\nroutes = web.RouteTableDef()\n@routes.get('/proxy')\n"
     "async def proxy(request):\n    async with aiohttp.ClientSession() as s:\n"
     "        async with s.get(request.query['u']) as r:\n            return web.Response(text=await r.text())\n"),
    # taint through a method helper
    ("SEC002", "from flask import request\nclass Repo:\n    def _where(self, column, value):\n"
     "        return f\"WHERE {column} = '{value}'\"\n    def find(self, cur):\n"
     "        q = request.args['q']\n        cur.execute('SELECT * FROM users ' + self._where('name', q))  # expect: SEC002\n"
     "    def count(self, cur):\n        cur.execute('SELECT count(*) FROM users ' + self._where('active', 1))\n"),
    ("SEC002", "from flask import request\nclass Repo:\n    @staticmethod\n    def _clean(v):\n        return int(v)\n"
     "    def page(self, cur):\n        n = self._clean(request.args['page'])\n"
     "        cur.execute('SELECT * FROM users LIMIT 10 OFFSET ?', (n,))\n"),
]


@pytest.mark.parametrize("code, source", CASES, ids=[f"{c}-{i}" for i, (c, _) in enumerate(CASES)])
def test_variant(code, source):
    expected = {n for n, line in enumerate(source.splitlines(), 1) if re.search(rf"# expect: [^\n]*\b{code}\b", line)}
    reported = {f.line for f in run_source(source, "python") if f.code == code}
    assert reported == expected
