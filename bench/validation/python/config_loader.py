"""Load application configuration from YAML with a pickled cache."""
import collections
import os
import pickle

import yaml

CACHE_FILE = os.path.expanduser("~/.myapp/config.cache")


def deep_merge(base, override):
    result = dict(base)
    for key, value in override.items():
        if isinstance(value, collections.Mapping) and isinstance(result.get(key), dict):  # label: ai-tell/removed-api
            result[key] = deep_merge(result[key], value)
        else:
            result[key] = value
    return result


def load_yaml(path):
    with open(path) as fh:
        return yaml.load(fh, Loader=yaml.Loader)  # label: security/unsafe-deserialization


def load_cached(path):
    if os.path.exists(CACHE_FILE) and os.path.getmtime(CACHE_FILE) > os.path.getmtime(path):
        with open(CACHE_FILE, "rb") as fh:
            return pickle.load(fh)
    cfg = load_yaml(path)
    os.makedirs(os.path.dirname(CACHE_FILE), exist_ok=True)
    with open(CACHE_FILE, "wb") as fh:
        pickle.dump(cfg, fh)
    return cfg


def load_config(paths):
    config = {}
    for path in paths:
        try:
            config = deep_merge(config, load_cached(path))
        except:  # label: abstraction/bare-except
            continue
    return config


def get_setting(config, dotted, default=None):
    node = config
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node


if __name__ == "__main__":
    cfg = load_config(["defaults.yaml", "local.yaml"])
    print(get_setting(cfg, "database.url", "sqlite:///app.db"))
