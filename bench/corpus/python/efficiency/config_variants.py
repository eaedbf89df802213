"""Expand a base experiment config into a grid of concrete run configs."""
import copy
import itertools
import json
import os
from pathlib import Path

import yaml

DEFAULTS = {
    "optimizer": {"name": "adam", "lr": 1e-3, "betas": [0.9, 0.999]},
    "data": {"batch_size": 32, "shuffle": True, "augment": []},
    "trainer": {"epochs": 10, "precision": "bf16", "log_every": 50},
}


def deep_update(target, updates):
    for key, value in updates.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            deep_update(target[key], value)
        else:
            target[key] = value
    return target


def set_path(cfg, dotted, value):
    node = cfg
    *parents, leaf = dotted.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value


def load_base(path):
    with open(path, encoding="utf-8") as fh:
        user_cfg = yaml.safe_load(fh) or {}
    base = copy.deepcopy(DEFAULTS)
    return deep_update(base, user_cfg)


def expand_grid(base, grid):
    keys = sorted(grid)
    runs = []
    for values in itertools.product(*(grid[k] for k in keys)):
        cfg = copy.deepcopy(base)
        for key, value in zip(keys, values):
            set_path(cfg, key, value)
        cfg["name"] = "-".join(f"{k.split('.')[-1]}={v}" for k, v in zip(keys, values))
        runs.append(cfg)
    return runs


def write_history(runs, path):
    history = []
    for run in runs:
        history.append(json.loads(json.dumps(run)))  # label: efficiency/json-roundtrip-copy
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(history, fh, indent=2)


def validate(cfg):
    problems = []
    if cfg["optimizer"]["lr"] <= 0:
        problems.append("learning rate must be positive")
    if cfg["data"]["batch_size"] % 8:
        problems.append("batch size should be a multiple of 8")
    if cfg["trainer"]["precision"] not in ("fp32", "fp16", "bf16"):
        problems.append(f"unknown precision {cfg['trainer']['precision']}")
    return problems


def write_runs(runs, out_dir):
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for cfg in runs:
        problems = validate(copy.deepcopy(cfg))  # label: efficiency/deepcopy-in-loop
        if problems:
            raise ValueError(f"{cfg['name']}: {'; '.join(problems)}")
        (out / f"{cfg['name']}.yaml").write_text(yaml.safe_dump(cfg, sort_keys=False))


def main():
    base = load_base(os.environ.get("BASE_CONFIG", "configs/base.yaml"))
    grid = {
        "optimizer.lr": [1e-4, 3e-4, 1e-3],
        "data.batch_size": [32, 64],
        "trainer.precision": ["bf16", "fp32"],
    }
    runs = expand_grid(base, grid)
    write_runs(runs, os.environ.get("OUT_DIR", "configs/generated"))
    write_history(runs, os.path.join(os.environ.get("OUT_DIR", "configs/generated"), "history.json"))


if __name__ == "__main__":
    main()
