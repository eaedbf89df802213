#!/usr/bin/env python
"""Generate codeaudit/knowledge/data/api_snapshot.json.

Third-party modules: public names read statically (``ast``, never imported)
from the published wheels of a few versions of the most used libraries, merged
so that a name that exists in *some* listed version is never reported as
missing. Standard-library modules: ``dir()`` at generation time (the stdlib is
not audited code, importing it is safe).

Usage:
    pip download --no-deps --only-binary :all: -d /tmp/wheels requests==2.31.0 requests==2.32.3 \
        pandas==1.5.3 pandas==2.2.3 scikit-learn==1.2.2 scikit-learn==1.5.2
    python scripts/gen_api_snapshot.py /tmp/wheels

A module that is dynamic (module ``__getattr__``, star-imports from extension
modules) is stored as null and the rules stay silent about it.
"""
from __future__ import annotations

import importlib
import json
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from codeaudit.knowledge.api_snapshot import DATA, names_from_source  # noqa: E402

#: The modules snapshotted per wheel (keep this small: most used APIs only).
THIRD_PARTY = {
    "requests": ["requests", "requests.exceptions", "requests.adapters", "requests.auth"],
    "pandas": ["pandas", "pandas.api.types"],
    "scikit_learn": [
        "sklearn", "sklearn.ensemble", "sklearn.linear_model", "sklearn.model_selection", "sklearn.metrics",
        "sklearn.preprocessing", "sklearn.tree", "sklearn.cluster", "sklearn.decomposition", "sklearn.pipeline",
        "sklearn.svm", "sklearn.neighbors", "sklearn.impute", "sklearn.compose", "sklearn.feature_extraction.text",
    ],
}
STDLIB = [
    "os", "os.path", "json", "re", "sys", "subprocess", "shutil", "pathlib", "datetime", "time", "collections",
    "itertools", "functools", "logging", "random", "math", "hashlib", "base64", "urllib.parse", "urllib.request",
    "csv", "string", "tempfile", "glob", "uuid", "socket", "threading", "statistics", "copy", "pickle", "io",
    "secrets", "hmac", "zipfile", "tarfile", "typing", "dataclasses", "enum", "operator", "contextlib", "heapq",
    "bisect", "textwrap", "platform", "signal", "struct", "gzip", "sqlite3", "decimal", "fractions", "calendar",
    "argparse", "inspect", "traceback", "warnings", "weakref", "queue", "concurrent.futures", "multiprocessing",
    "email", "smtplib", "http", "http.client", "html", "xml.etree.ElementTree", "configparser", "shlex", "fnmatch",
    "getpass", "pprint", "unittest", "unittest.mock", "asyncio",
]


def wheel_modules(wheel: Path, modules: list[str]) -> dict[str, set[str] | None]:
    with zipfile.ZipFile(wheel) as zf:
        files = set(zf.namelist())

        def path_of(module: str) -> str | None:
            base = module.replace(".", "/")
            for candidate in (f"{base}/__init__.py", f"{base}.py", f"{base}/__init__.pyi", f"{base}.pyi"):
                if candidate in files:
                    return candidate
            return None

        def load(module: str) -> str | None:
            p = path_of(module)
            return zf.read(p).decode("utf-8", "replace") if p else None

        out: dict[str, set[str] | None] = {}
        for module in modules:
            p = path_of(module)
            if p is None:
                continue
            package = module if p.endswith(("__init__.py", "__init__.pyi")) else module.rsplit(".", 1)[0]
            names = names_from_source(load(module) or "", package, load, literal_getattr=True)
            if names is None:
                out[module] = None
                continue
            prefix = module.replace(".", "/") + "/"
            subs = {f[len(prefix):].split("/")[0].removesuffix(".py") for f in files if f.startswith(prefix)}
            out[module] = set(names) | {s for s in subs if s.isidentifier()}
        return out


def typeshed_dir() -> Path | None:
    """typeshed's stdlib stubs, if a tool in this environment ships them (jedi, mypy)."""
    for dist in ("jedi/third_party/typeshed/stdlib", "mypy/typeshed/stdlib"):
        for entry in sys.path:
            candidate = Path(entry, dist)
            if candidate.is_dir():
                return candidate
    return None


def stub_names(stubs: Path, module: str) -> set[str]:
    """Names of a stdlib stub, including platform-specific ones (`if sys.platform == ...` blocks)."""

    def path_of(mod: str) -> Path | None:
        base = stubs.joinpath(*mod.split("."))
        for candidate in (base / "__init__.pyi", base.with_suffix(".pyi")):
            if candidate.is_file():
                return candidate
        return None

    def load(mod: str) -> str | None:
        p = path_of(mod)
        return p.read_text(encoding="utf-8") if p else None

    p = path_of(module)
    if p is None:
        return set()
    package = module if p.name == "__init__.pyi" else module.rsplit(".", 1)[0] if "." in module else module
    names = names_from_source(p.read_text(encoding="utf-8"), package, load, literal_getattr=True)
    return set(names or ())


def stdlib_modules() -> dict[str, set[str]]:
    """dir() of each module on this interpreter, plus the typeshed stub's names (other platforms/versions)."""
    stubs = typeshed_dir()
    out = {}
    for name in STDLIB:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        out[name] = set(dir(module)) | (stub_names(stubs, name) if stubs else set())
    return out


def main(argv: list[str]) -> int:
    wheel_dir = Path(argv[1]) if len(argv) > 1 else Path("/tmp/wheels")
    merged: dict[str, set[str] | None] = {}
    versions: dict[str, list[str]] = {}
    for wheel in sorted(wheel_dir.glob("*.whl")):
        dist, version = wheel.name.split("-")[:2]
        modules = THIRD_PARTY.get(dist.lower().replace("-", "_"))
        if not modules:
            continue
        versions.setdefault(dist, []).append(version)
        for module, names in wheel_modules(wheel, modules).items():
            if names is None or (module in merged and merged[module] is None):
                merged[module] = None
            else:
                merged[module] = (merged.get(module) or set()) | names
    for module, names in stdlib_modules().items():
        merged[module] = names
    data = {
        "generated_by": "scripts/gen_api_snapshot.py",
        "python": f"{sys.version_info.major}.{sys.version_info.minor}",
        "versions": {k: sorted(v) for k, v in sorted(versions.items())},
        "modules": {m: (sorted(n) if n is not None else None) for m, n in sorted(merged.items())},
    }
    DATA.parent.mkdir(parents=True, exist_ok=True)
    DATA.write_text(json.dumps(data, separators=(",", ":"), sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {DATA} ({DATA.stat().st_size} bytes, {len(merged)} modules)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
