"""Discover and load optional plugins, and check they match the host version."""
import collections
import imp  # label: ai-tell/deprecated-api
import logging
import os
import sys
from distutils.version import LooseVersion  # label: ai-tell/deprecated-api

log = logging.getLogger(__name__)
HOST_VERSION = "3.4.1"
PLUGIN_DIR = os.environ.get("PLUGIN_DIR", os.path.expanduser("~/.myapp/plugins"))

_registry = {}


def _load_module(path: str):
    name = os.path.splitext(os.path.basename(path))[0]
    return imp.load_source(f"myapp_plugin_{name}", path)


def compatible(required: str) -> bool:
    return LooseVersion(HOST_VERSION) >= LooseVersion(required)


def validate_manifest(manifest) -> bool:
    if not isinstance(manifest, collections.Mapping):  # label: ai-tell/deprecated-api
        return False
    return {"name", "version", "requires"} <= set(manifest)


def discover(directory: str = PLUGIN_DIR) -> list[str]:
    if not os.path.isdir(directory):
        return []
    return sorted(
        os.path.join(directory, f)
        for f in os.listdir(directory)
        if f.endswith(".py") and not f.startswith("_")
    )


def load_all(directory: str = PLUGIN_DIR) -> dict:
    for path in discover(directory):
        try:
            module = _load_module(path)
        except Exception:
            log.exception("failed to import plugin %s", path)
            raise
        manifest = getattr(module, "MANIFEST", None)
        if not validate_manifest(manifest):
            log.warning("plugin %s has no valid MANIFEST, skipping", path)
            continue
        if not compatible(manifest["requires"]):
            log.warning("plugin %s requires host %s", manifest["name"], manifest["requires"])
            continue
        _registry[manifest["name"]] = module
        if hasattr(module, "setup"):
            module.setup()
    return _registry


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    loaded = load_all(sys.argv[1] if len(sys.argv) > 1 else PLUGIN_DIR)
    print("loaded:", ", ".join(loaded) or "none")
