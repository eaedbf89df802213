"""Quarterly KPI report for the sales team (Markdown output)."""
from collections import defaultdict
from datetime import date
from statistics import mean, median


def quarter_of(d: date) -> str:
    return f"{d.year}-Q{(d.month - 1) // 3 + 1}"


def fmt_money(value: float) -> str:
    return f"{value:,.2f} EUR"


def pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


def build_report(deals, targets, reps, quarter):  # label: abstraction/god-function
    lines = [f"# Sales report {quarter}", ""]
    in_quarter = [d for d in deals if quarter_of(d["closed_on"]) == quarter]
    won = [d for d in in_quarter if d["stage"] == "won"]
    lost = [d for d in in_quarter if d["stage"] == "lost"]
    total = sum(d["amount"] for d in won)
    lines.append(f"Won {len(won)} deals worth {fmt_money(total)}; lost {len(lost)}.")
    if won or lost:
        lines.append(f"Win rate: {pct(len(won), len(won) + len(lost))}")
    lines.append("")
    lines.append("## By region")
    by_region = defaultdict(list)
    for d in won:
        by_region[d["region"]].append(d)
    for region in sorted(by_region):
        region_total = sum(d["amount"] for d in by_region[region])
        target = targets.get(("region", region, quarter))
        if target:
            if region_total >= target:
                status = "on target"
            elif region_total >= 0.9 * target:
                status = "close"
            else:
                status = "behind"
            lines.append(f"- {region}: {fmt_money(region_total)} ({pct(region_total, target)} of target, {status})")
        else:
            lines.append(f"- {region}: {fmt_money(region_total)} (no target)")
    lines.append("")
    lines.append("## By rep")
    by_rep = defaultdict(list)
    for d in won:
        by_rep[d["rep_id"]].append(d)
    for rep_id in sorted(by_rep, key=lambda r: reps.get(r, {}).get("name", "")):
        rep = reps.get(rep_id)
        name = rep["name"] if rep else f"rep #{rep_id}"
        rep_total = sum(d["amount"] for d in by_rep[rep_id])
        target = targets.get(("rep", rep_id, quarter))
        if target:  # label: abstraction/duplicated-block
            if rep_total >= target:
                status = "on target"
            elif rep_total >= 0.9 * target:
                status = "close"
            else:
                status = "behind"
            lines.append(f"- {name}: {fmt_money(rep_total)} ({pct(rep_total, target)} of target, {status})")
        else:
            lines.append(f"- {name}: {fmt_money(rep_total)} (no target)")
        if rep and rep.get("manager_id") and rep_total < 0.5 * (target or 0):
            manager = reps.get(rep["manager_id"], {}).get("name", "their manager")
            lines.append(f"  - flag for review with {manager}")
    lines.append("")
    lines.append("## Deal size")
    if won:
        sizes = sorted(d["amount"] for d in won)
        lines.append(f"Average {fmt_money(mean(sizes))}, median {fmt_money(median(sizes))}")
        big = [d for d in won if d["amount"] >= 5 * mean(sizes)]
        for d in big:
            if d.get("customer"):
                lines.append(f"- outlier: {d['customer']} {fmt_money(d['amount'])}")
            else:
                lines.append(f"- outlier: deal {d['id']} {fmt_money(d['amount'])}")
    else:
        lines.append("No deals won this quarter.")
    if lost:
        lines.append("")
        lines.append("## Loss reasons")
        reasons = defaultdict(int)
        for d in lost:
            reasons[d.get("loss_reason") or "unspecified"] += 1
        for reason, count in sorted(reasons.items(), key=lambda kv: -kv[1]):
            lines.append(f"- {reason}: {count}")
    return "\n".join(lines) + "\n"


def write_report(path, deals, targets, reps, quarter):
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(build_report(deals, targets, reps, quarter))
