"""Resolve build order for a monorepo from the packages' manifest files."""
import json
import re
from collections import deque
from pathlib import Path

VERSION_RE = re.compile(r"^(?P<name>[A-Za-z0-9_.-]+)\s*(?P<spec>[<>=!~].*)?$")
KINDS = ["library", "service", "tool"]


def read_manifests(root: Path) -> dict:
    manifests = {}
    for manifest in sorted(root.glob("packages/*/package.json")):
        data = json.loads(manifest.read_text(encoding="utf-8"))
        manifests[data["name"]] = data
    return manifests


def parse_requirement(req: str):
    m = re.match(r"^\s*([A-Za-z0-9_.-]+)", req)
    return m.group(1) if m else None


def internal_deps(manifests: dict) -> dict:
    known = set(manifests)
    graph = {}
    for name, data in manifests.items():
        deps = set()
        for req in data.get("requires", []):
            dep = parse_requirement(req)
            if dep in known:
                deps.add(dep)
        graph[name] = deps
    return graph


def build_order(graph: dict) -> list:
    indegree = {name: 0 for name in graph}
    dependents = {name: [] for name in graph}
    for name, deps in graph.items():
        for dep in deps:
            indegree[name] += 1
            dependents[dep].append(name)

    ready = deque(sorted(n for n, d in indegree.items() if d == 0))
    order = []
    while ready:
        current = ready.popleft()
        order.append(current)
        for nxt in sorted(dependents[current]):
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                ready.append(nxt)

    if len(order) != len(graph):
        cyclic = sorted(n for n, d in indegree.items() if d > 0)
        raise ValueError(f"dependency cycle among: {', '.join(cyclic)}")
    return order


def describe(manifests: dict, order: list) -> str:
    title = "Build order"
    title += f" ({len(order)} packages)"
    lines = [title]
    for position, name in enumerate(order, 1):
        kind = manifests[name].get("kind", "library")
        marker = kind if kind in KINDS else "unknown"
        lines.append(f"{position:>3}. {name} [{marker}]")
    return "\n".join(lines)


def check_versions(manifests: dict) -> list:
    problems = []
    for name, data in manifests.items():
        for req in data.get("requires", []):
            m = VERSION_RE.match(req.strip())
            if not m:
                problems.append(f"{name}: cannot parse requirement {req!r}")
            elif m.group("spec") is None:
                problems.append(f"{name}: unpinned requirement {m.group('name')}")
    return problems


if __name__ == "__main__":
    import sys

    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    manifests = read_manifests(root)
    for problem in check_versions(manifests):
        print("warning:", problem, file=sys.stderr)
    print(describe(manifests, build_order(internal_deps(manifests))))
