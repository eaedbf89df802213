import re

import libcst as cst

from codeaudit.analysis.helpers import is_true, kwarg, is_test_path
from codeaudit.analysis.taint import TaintRule
from codeaudit.rule import Category, Confidence, Severity

#: Loaders that run code while decoding.
_LOADERS = {
    "pickle.loads": "pickle", "pickle.load": "pickle", "pickle.Unpickler": "pickle", "cPickle.loads": "pickle",
    "cPickle.load": "pickle", "_pickle.loads": "pickle", "dill.loads": "dill", "dill.load": "dill",
    "marshal.loads": "marshal", "marshal.load": "marshal", "jsonpickle.decode": "jsonpickle",
    "cloudpickle.loads": "cloudpickle", "cloudpickle.load": "cloudpickle", "joblib.load": "joblib",
    "pandas.read_pickle": "pandas.read_pickle", "shelve.open": "shelve", "numpy.load": "numpy.load",
    "torch.load": "torch.load",
}  # fmt: skip


class UnsafeDeserialization(TaintRule):
    """pickle, marshal, dill, jsonpickle or `torch.load` on data that may not be yours.

    ## What it does
    Reports `pickle`/`cPickle`/`dill`/`cloudpickle`/`marshal` `load(s)`, `jsonpickle.decode`,
    `joblib.load`, `pandas.read_pickle`, `torch.load` without `weights_only=True` and
    `numpy.load(allow_pickle=True)`. A `shelve.open` is reported when its file name
    comes from a request.

    ## Why is this bad
    Unpickling calls any function the byte stream names: a crafted payload, upload,
    model file or cache entry gets code execution on the server.

    ## Example
    ```python
    features = pickle.loads(base64.b64decode(payload))
    model = torch.load(upload)
    ```

    ## Use instead
    ```python
    features = json.loads(payload)
    model = torch.load(upload, weights_only=True)
    ```
    """

    code = "SEC005"
    slug = "unsafe-deserialization"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (502,)
    triggers = (b"pickle", b"marshal", b"dill", b"torch", b"joblib", b"shelve", b"numpy", b"np.load")

    VALID = [
        "import torch\nmodel = torch.load('m.pt', weights_only=True)\n",
        "import json\ndata = json.loads(raw)\n",
        "import numpy as np\narr = np.load('a.npy')\n",
        "import pickle\nblob = pickle.dumps({'a': 1})\n",
        "import shelve\nwith shelve.open('state.db') as db:\n    db['k'] = 1\n",
        # a local cache: the module pickles to the same fixed path it later reads back
        "import os, pickle\nSTATE = os.path.join(os.path.expanduser('~'), '.tool', 'index.pkl')\n"
        "def save(index):\n    with open(STATE, 'wb') as out:\n        pickle.dump(index, out)\n"
        "def restore():\n    with open(STATE, 'rb') as src:\n        return pickle.load(src)\n",
        # the same cache through a path helper: read via a local, written with the helper inline
        "import hashlib, os, pickle\ndef cache_path(key):\n"
        "    return os.path.join('/var/cache/app', hashlib.sha256(key.encode()).hexdigest() + '.pkl')\n"
        "def get(key):\n    path = cache_path(key)\n    if os.path.exists(path):\n        with open(path, 'rb') as fh:\n"
        "            return pickle.load(fh)\ndef put(key, value):\n    with open(cache_path(key), 'wb') as fh:\n"
        "        pickle.dump(value, fh)\n",
    ]
    INVALID = [
        "import pickle, base64\ndef features(payload):\n"
        "    return pickle.loads(base64.b64decode(payload))  # expect: SEC005\n",
        "import io, torch\ndef load(raw):\n    return torch.load(io.BytesIO(raw), map_location='cpu')  # expect: SEC005\n",
        "import marshal\ncode = marshal.loads(blob)  # expect: SEC005\n",
        # reads a file the module never wrote: anyone who can drop that file runs code
        "import pickle\nINBOX = '/srv/shared/jobs.pkl'\ndef next_jobs():\n    with open(INBOX, 'rb') as fh:\n"
        "        return pickle.load(fh)  # expect: SEC005\n",
        "import numpy as np\narr = np.load(path, allow_pickle=True)  # expect: SEC005\n",
        # a path helper the module only reads through: someone else writes those files
        "import os, pickle\ndef inbox_path(name):\n    return os.path.join('/srv/shared', name)\ndef take(name):\n"
        "    path = inbox_path(name)\n    with open(path, 'rb') as fh:\n        return pickle.load(fh)  # expect: SEC005\n",
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if is_test_path(self.ctx.path):
            return
        name = self.ctx.call_name(node)
        library = _LOADERS.get(name or "")
        if library is None:
            return
        if library == "torch.load":
            if is_true(kwarg(node, "weights_only")):
                return
            self.report(node, "torch.load() without weights_only=True unpickles the file: a crafted model runs "
                              "code on load; pass weights_only=True (or use safetensors)")  # fmt: skip
            return
        if library == "numpy.load":
            if is_true(kwarg(node, "allow_pickle")):
                self.report(node, "numpy.load(allow_pickle=True) unpickles object arrays from the file; "
                                  "drop allow_pickle or store plain arrays")  # fmt: skip
            return
        if library == "shelve":
            return  # a shelve file name from a request is a path problem (SEC009); local shelves are fine
        data = node.args[0].value if node.args else None
        if isinstance(data, cst.Name):
            assigned = self.taint.assigned_value(data.value)
            if isinstance(assigned, cst.Call) and (self.ctx.call_name(assigned) or "").endswith("dumps"):
                return  # a round trip of data this function just pickled
        if isinstance(data, cst.Call) and (self.ctx.call_name(data) or "").endswith("dumps"):
            return
        if isinstance(data, cst.Name) and self._own_cache_file(data.value, library):
            return  # a cache file this module writes itself, at a fixed path
        origin = self.tainted(data) if data is not None else None
        evidence = f" ({self.taint.evidence(origin)})" if origin else ""
        self.report(node, f"{name}() runs code named by the data it decodes{evidence}; only load bytes you "
                          "produced and authenticated, or switch to JSON/msgpack")  # fmt: skip

    def _own_cache_file(self, handle: str, library: str) -> bool:
        """``handle`` was opened by an enclosing ``with open(PATH, ...) as handle`` where PATH is not attacker
        controlled, and this module writes the same PATH in binary mode with ``<library>.dump``: the bytes are a
        round trip of data this program produced (a local cache), not input."""
        for block in self.ctx.with_blocks:
            for item in block.items:
                if not (item.asname is not None and isinstance(item.asname.name, cst.Name)
                        and item.asname.name.value == handle and isinstance(item.item, cst.Call)
                        and (self.ctx.call_name(item.item) or "") in ("open", "io.open", "builtins.open")
                        and item.item.args):
                    continue
                path = item.item.args[0].value
                if not isinstance(path, (cst.Name, cst.Attribute)) or self.tainted(path) is not None:
                    return False
                text = self.ctx.source.text
                spelled = re.escape(self.ctx.code_of(path))
                built = self.taint.assigned_value(path.value) if isinstance(path, cst.Name) else None
                if isinstance(built, cst.Call) and isinstance(built.func, cst.Name):
                    # `path = cache_path(key)`: the writer may call the same path helper inline
                    spelled = rf"(?:{spelled}|{re.escape(built.func.value)}\([^()]*\))"
                writes = re.search(r"open\(\s*" + spelled + r"\s*,\s*(mode\s*=\s*)?['\"][wax]b", text)
                return writes is not None and f"{library}.dump(" in text
        return False
