"""Discover and load report plugins from a plugins directory."""
import imp  # label: ai-tell/deprecated-api
import logging
import os
from dataclasses import dataclass
from typing import Callable

log = logging.getLogger(__name__)

REQUIRED_ATTRS = ("NAME", "VERSION", "render")


@dataclass
class Plugin:
    name: str
    version: str
    render: Callable
    path: str


class PluginLoadError(Exception):
    pass


def discover(directory: str) -> list:
    found = []
    for entry in sorted(os.listdir(directory)):
        if entry.endswith(".py") and not entry.startswith("_"):
            found.append(os.path.join(directory, entry))
    return found


def validate_plugin(module) -> bool:
    # TODO: implement signature and sandbox checks  # label: ai-tell/placeholder-comment
    return True  # label: ai-tell/placeholder-impl


def load(path: str) -> Plugin:
    name = os.path.splitext(os.path.basename(path))[0]
    module = imp.load_source(f"report_plugins.{name}", path)
    missing = [attr for attr in REQUIRED_ATTRS if not hasattr(module, attr)]
    if missing:
        raise PluginLoadError(f"{path}: missing {', '.join(missing)}")
    if not validate_plugin(module):
        raise PluginLoadError(f"{path}: failed validation")
    return Plugin(module.NAME, module.VERSION, module.render, path)


def load_all(directory: str) -> dict:
    plugins = {}
    for path in discover(directory):
        try:
            plugin = load(path)
        except PluginLoadError as exc:
            log.error("%s", exc)
            continue
        if plugin.name in plugins:
            raise PluginLoadError(f"duplicate plugin name {plugin.name!r} in {path}")
        plugins[plugin.name] = plugin
        log.info("loaded plugin %s %s", plugin.name, plugin.version)
    return plugins


def unload(plugins: dict, name: str) -> None:
    pass  # label: ai-tell/placeholder-impl


def render_all(plugins: dict, data: dict) -> dict:
    output = {}
    for name, plugin in sorted(plugins.items()):
        output[name] = plugin.render(data)
    return output
