"""Generate docs/rules.md from the rules themselves: `python -m codeaudit.docs_gen > docs/rules.md`."""
from __future__ import annotations

from codeaudit.registry import Registry, load_registry
from codeaudit.rule import Category


def render_rules_markdown(registry: Registry) -> str:
    out = ["# Rule reference", "", "Generated from the rule files by `python -m codeaudit.docs_gen`; do not edit.", ""]
    out += ["| code | slug | category | severity | confidence | CWE |", "|---|---|---|---|---|---|"]
    rules = sorted(registry.rules.values(), key=lambda r: r.code)
    for r in rules:
        cwe = ", ".join(f"CWE-{n}" for n in r.cwe) or "-"
        anchor = f"{r.code.lower()}-{r.slug}"
        out.append(f"| [{r.code}](#{anchor}) | {r.slug} | {r.category.value} | {r.severity.value} | {r.confidence.value} | {cwe} |")
    for category in Category:
        members = [r for r in rules if r.category is category]
        if not members:
            continue
        out += ["", f"## {category.value}"]
        for r in members:
            cwe = ", ".join(f"CWE-{n}" for n in r.cwe) or "none"
            langs = ", ".join(sorted(r.languages))
            body = r.doc().split("\n", 1)[1].strip() if "\n" in r.doc() else ""
            body = body.replace("\n## ", "\n#### ")
            if body.startswith("## "):
                body = "#### " + body[3:]
            out += ["", f"### {r.code} {r.slug}", "", f"*{r.summary()}*", "",
                    f"Severity {r.severity.value}, confidence {r.confidence.value}, {cwe}; languages: {langs}.", "", body]  # fmt: skip
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(render_rules_markdown(load_registry()), end="")
