"""Simulate warehouse stock levels over a number of days and print a summary."""
import copy
import json
import random
import sys

STATE = {"day": 0, "stock": {}, "backorders": []}


def parse_args(argv):
    opts = {"days": 30, "seed": None, "config": "warehouse.json"}
    i = 1
    while i < len(argv):  # label: abstraction/hand-rolled-arg-parsing
        if argv[i] == "--days":
            opts["days"] = int(argv[i + 1])
            i += 2
        elif argv[i] == "--seed":
            opts["seed"] = int(argv[i + 1])
            i += 2
        else:
            opts["config"] = argv[i]
            i += 1
    return opts


def load(path):
    with open(path) as fh:
        cfg = json.load(fh)
    STATE["stock"] = dict(cfg["initial_stock"])
    return cfg


def step(cfg, rng):
    global STATE  # label: abstraction/global-state-mutation
    STATE["day"] += 1
    for sku, demand in cfg["daily_demand"].items():
        wanted = rng.randint(0, demand * 2)
        have = STATE["stock"].get(sku, 0)
        if wanted > have:
            STATE["backorders"].append((STATE["day"], sku, wanted - have))
        STATE["stock"][sku] = max(0, have - wanted)
    if STATE["day"] % cfg["restock_every"] == 0:
        for sku, qty in cfg["restock"].items():
            STATE["stock"][sku] = STATE["stock"].get(sku, 0) + qty


def simulate(cfg, days, seed=None):
    rng = random.Random(seed)
    history = []
    for _ in range(days):
        step(cfg, rng)
        history.append(copy.deepcopy(STATE))  # label: efficiency/deepcopy-in-loop
    return history


def summary(history):
    last = history[-1]
    out_days = len(list(h for h in history if any(v == 0 for v in h["stock"].values())))  # label: efficiency/len-of-list
    return {
        "days": last["day"],
        "final_stock": last["stock"],
        "backorder_events": len(last["backorders"]),
        "days_with_stockout": out_days,
    }


if __name__ == "__main__":
    options = parse_args(sys.argv)
    config = load(options["config"])
    hist = simulate(config, options["days"], options["seed"])
    print(json.dumps(summary(hist), indent=2))
