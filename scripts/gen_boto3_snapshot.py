#!/usr/bin/env python
"""Generate codeaudit/knowledge/data/boto3_clients.json.gz: the methods of boto3 clients per service.

Read statically (never imported) from a botocore and a boto3 source tree (an installed
``site-packages`` or unpacked wheels, e.g. ``pip download --no-deps botocore boto3``):

* ``botocore/data/<service>/<newest version>/service-2.json(.gz)``: the operation names,
  turned into the snake_case method names boto3 exposes (botocore's ``xform_name`` rules,
  re-implemented in codeaudit.knowledge.boto3_api);
* ``botocore/client.py`` ``BaseClient``: the methods every client has (``get_paginator``, ...);
* the ``creating-client-class[.<service>]`` handlers registered in ``botocore/handlers.py`` and
  ``boto3/session.py``: the methods they inject (``class_attributes['x'] = ...`` and
  ``inject_attribute(class_attributes, 'x', ...)`` in the handler functions), e.g. s3's
  ``upload_file`` and rds's ``generate_db_auth_token``.

Usage:
    python scripts/gen_boto3_snapshot.py SITE_PACKAGES

All services are kept: the gzipped file is about 90 kB (printed at the end).
"""
from __future__ import annotations

import ast
import gzip
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from codeaudit.knowledge.boto3_api import DATA as OUT
from codeaudit.knowledge.boto3_api import xform_name

#: botocore's seeded exceptions (``_xform_cache`` in botocore/__init__.py), read by ``main``.
SPECIAL: dict[str, str] = {}


def _load_json(path: Path) -> dict:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return json.loads(data)


def service_operations(data_dir: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for service in sorted(p for p in data_dir.iterdir() if p.is_dir()):
        versions = sorted(v for v in service.iterdir() if v.is_dir() and any(v.glob("service-2.json*")))
        if not versions:
            continue
        newest = versions[-1]
        model = next(p for p in sorted(newest.glob("service-2.json*")) if p.name in ("service-2.json", "service-2.json.gz"))
        ops = set(_load_json(model).get("operations", {}))
        extras = newest / "service-2.sdk-extras.json"
        if extras.is_file():
            ops |= set(_load_json(extras).get("merge", {}).get("operations", {}))
        out[service.name] = sorted(xform_name(op, SPECIAL) for op in ops)
    return out


def base_client_methods(client_py: Path) -> list[str]:
    tree = ast.parse(client_py.read_text(encoding="utf-8"))
    names: set[str] = set()
    for cls in tree.body:
        if isinstance(cls, ast.ClassDef) and cls.name == "BaseClient":
            for item in cls.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and not item.name.startswith("_"):
                    names.add(item.name)
                if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                    for node in ast.walk(item):
                        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self"
                                and isinstance(node.ctx, ast.Store) and not node.attr.startswith("_")):
                            names.add(node.attr)
    return sorted(names)


def _injected_by_function(sources: list[Path]) -> dict[str, set[str]]:
    """function name -> attribute names it puts into ``class_attributes``."""
    out: dict[str, set[str]] = {}
    for path in sources:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef):
                continue
            names = set()
            for node in ast.walk(func):
                if (isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store)
                        and isinstance(node.value, ast.Name) and node.value.id == "class_attributes"
                        and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str)):
                    names.add(node.slice.value)
                if (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "inject_attribute"
                        and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant)):
                    names.add(node.args[1].value)
            if names:
                out.setdefault(func.name, set()).update(names)
    return out


def injected_methods(sources: list[Path], registrations: list[Path]) -> dict[str, list[str]]:
    """event suffix ("" = every client, else the service id) -> injected method names."""
    by_function = _injected_by_function(sources)
    out: dict[str, set[str]] = {}
    for path in registrations:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            items = node.elts if isinstance(node, ast.Tuple) else node.args if isinstance(node, ast.Call) else None
            if not items or len(items) < 2 or not isinstance(items[0], ast.Constant):
                continue
            event = items[0].value
            if not isinstance(event, str) or not (event == "creating-client-class" or event.startswith("creating-client-class.")):
                continue
            handler = items[1]
            target = ""
            if isinstance(handler, ast.Name):
                target = handler.id
            elif isinstance(handler, ast.Attribute):
                target = handler.attr
            elif isinstance(handler, ast.Call) and handler.args and isinstance(handler.args[0], ast.Constant):
                target = str(handler.args[0].value).rsplit(".", 1)[-1]  # lazy_call('pkg.mod.func')
            names = by_function.get(target, set())
            if names:
                out.setdefault(event.partition(".")[2], set()).update(names)
    return {k: sorted(v) for k, v in sorted(out.items())}


def main(argv: list[str]) -> int:
    site = Path(argv[1])
    botocore, boto3 = site / "botocore", site / "boto3"
    for node in ast.parse((botocore / "__init__.py").read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "_xform_cache":
            SPECIAL.update({k[0]: v for k, v in ast.literal_eval(node.value).items() if k[1] == "_"})
    services = service_operations(botocore / "data")
    sources = [botocore / "signers.py", botocore / "handlers.py", botocore / "utils.py", boto3 / "s3" / "inject.py"]
    injected = injected_methods(sources, [botocore / "handlers.py", boto3 / "session.py"])
    version = re.search(r"__version__ = '([^']+)'", (botocore / "__init__.py").read_text()).group(1)
    data = {
        "botocore": version,
        "generic": sorted(set(base_client_methods(botocore / "client.py")) | set(injected.pop("", []))),
        "injected": injected,
        "special": SPECIAL,
        "services": services,
    }
    raw = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    OUT.write_bytes(gzip.compress(raw, 9, mtime=0))
    print(f"{len(services)} services, {sum(map(len, services.values()))} operations, generic {data['generic']}, "
          f"injected {injected}; {len(raw)} bytes raw, {OUT.stat().st_size} bytes gzip -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
