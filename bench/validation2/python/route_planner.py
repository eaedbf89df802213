"""Plan delivery routes: group stops by depot, order them greedily, estimate ETAs."""
import csv
import math
import sys
from datetime import datetime, timedelta

AVG_SPEED_KMH = 32.0


def haversine(a, b):
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def load_stops(path):
    with open(path, newline="") as fh:
        return [
            {"id": r["id"], "depot": r["depot"], "pos": (float(r["lat"]), float(r["lon"])), "service_min": int(r["service_min"])}
            for r in csv.DictReader(fh)
        ]


def greedy_order(depot_pos, stops):
    remaining = list(stops)
    route, here = [], depot_pos
    while remaining:
        nxt = min(remaining, key=lambda s: haversine(here, s["pos"]))
        remaining.remove(nxt)
        route.append(nxt)
        here = nxt["pos"]
    return route


def eta_schedule(depot_pos, route, start):
    schedule, here, t = [], depot_pos, start
    for stop in route:
        t += timedelta(hours=haversine(here, stop["pos"]) / AVG_SPEED_KMH)
        schedule.append((stop["id"], t))
        t += timedelta(minutes=stop["service_min"])
        here = stop["pos"]
    return schedule


def plan(stops, depots, start):
    plans = {}
    for depot_id, depot_pos in depots.items():
        mine = [s for s in stops if s["depot"] == depot_id]
        route = greedy_order(depot_pos, mine)
        plans[depot_id] = eta_schedule(depot_pos, route, start)
    return plans


def late_stops(plans, stops, cutoff_hour=18):
    late = []
    for depot_id, schedule in plans.items():
        for stop_id, eta in schedule:
            if eta.hour > cutoff_hour or eta.hour == cutoff_hour and eta.minute > 0:
                stop = next(s for s in stops if s["id"] == stop_id)  # label: efficiency/repeated-linear-scan
                late.append((depot_id, stop_id, eta, stop["pos"]))
    return late


def callbacks_for(plans):
    hooks = []
    for depot_id in plans:
        hooks.append(lambda: print(f"route for {depot_id} dispatched"))  # label: correctness/late-binding-closure
    return hooks


if __name__ == "__main__":
    depots = {"north": (52.41, 13.37), "south": (52.44, 13.50)}
    start = datetime.now().replace(hour=8, minute=0, second=0, microsecond=0)
    all_stops = load_stops(sys.argv[1])
    plans = plan(all_stops, depots, start)
    for depot_id, schedule in plans.items():
        print(depot_id, [(sid, eta.strftime("%H:%M")) for sid, eta in schedule])
    for hook in callbacks_for(plans):
        hook()
    print("late:", late_stops(plans, all_stops))
