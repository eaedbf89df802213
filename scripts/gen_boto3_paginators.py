#!/usr/bin/env python
"""Generate codeaudit/knowledge/data/boto3_paginators.json.gz: which boto3 client methods return one page.

Read statically from a botocore source tree (an installed ``site-packages`` or an unpacked
wheel, e.g. ``pip download --no-deps botocore``): for every service, the newest
``botocore/data/<service>/<version>/paginators-1.json`` lists the paginated operations with
their ``result_key`` (the list in the response that is cut into pages), ``output_token`` /
``more_results`` (the response fields that say there is another page) and ``limit_key``.

The output maps the snake_case method name (as boto3 exposes it) to the union over all
services of ``{"results": [...], "tokens": [...], "limits": [...]}``. Keys in a result path
such as ``Reservations[].Instances`` keep their first segment (what the caller indexes first).

Usage:
    python scripts/gen_boto3_paginators.py SITE_PACKAGES
"""
from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from codeaudit.knowledge.boto3_api import xform_name
from codeaudit.knowledge.pagination import DATA as OUT

_FIELD = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def _fields(value) -> list[str]:
    """First field names of botocore JMESPath-ish expressions (``NextMarker || Contents[-1].Key`` -> both heads)."""
    values = value if isinstance(value, list) else [value] if value else []
    out = []
    for expr in values:
        for part in str(expr).split("||"):
            match = _FIELD.match(part.strip())
            if match and match.group(0) not in out:
                out.append(match.group(0))
    return out


def main(site: str) -> None:
    root = Path(site) / "botocore" / "data"
    table: dict[str, dict[str, list[str]]] = {}
    for service in sorted(p for p in root.iterdir() if p.is_dir()):
        versions = sorted(v for v in service.iterdir() if (v / "paginators-1.json").is_file())
        if not versions:
            continue
        config = json.loads((versions[-1] / "paginators-1.json").read_text()).get("pagination", {})
        for operation, spec in config.items():
            entry = table.setdefault(xform_name(operation), {"results": [], "tokens": [], "limits": []})
            for key, fields in (("results", _fields(spec.get("result_key"))),
                                ("tokens", _fields(spec.get("output_token")) + _fields(spec.get("more_results"))),
                                ("limits", _fields(spec.get("limit_key")))):
                entry[key] = sorted(set(entry[key]) | set(fields))
    OUT.write_bytes(gzip.compress(json.dumps(table, sort_keys=True, separators=(",", ":")).encode(), mtime=0))
    print(f"{len(table)} paginated methods, {OUT.stat().st_size} bytes -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(Path(json.__file__).parent.parent / "site-packages"))
