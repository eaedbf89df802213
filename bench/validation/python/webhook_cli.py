"""CLI to replay stored webhook events against an endpoint."""
import argparse
import json
import sys
from pathlib import Path

import requests


def load_events(directory):
    events = []
    for path in sorted(Path(directory).glob("*.json")):
        events.append(json.loads(path.read_text()))
    return events


def replay(events, endpoint, token):
    ok = failed = 0
    for event in events:
        session = requests.Session()  # label: efficiency/client-per-iteration
        session.headers["Authorization"] = f"Bearer {token}"
        resp = session.post(endpoint, json=event, verify=False)  # label: security/tls-verification-disabled;security/missing-timeout
        if resp.ok:
            ok += 1
        else:
            failed += 1
            print(f"event {event.get('id')} -> {resp.status_code}", file=sys.stderr)
    return ok, failed


def filter_events(events, kinds):
    if not kinds:
        return events
    wanted = set(kinds)
    return [e for e in events if e.get("type") in wanted]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory")
    parser.add_argument("endpoint")
    parser.add_argument("--token", required=True)
    parser.add_argument("--kind", action="append", default=[])
    args = parser.parse_args(argv)

    events = filter_events(load_events(args.directory), args.kind)
    ok, failed = replay(events, args.endpoint, args.token)
    print(f"replayed {ok} ok, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
