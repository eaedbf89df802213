"""Review HTML: one self-contained page (no network), ranked items with code, findings and filters."""
from __future__ import annotations

import html
import json
from typing import Any

from codeaudit.report.review_text import label

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:0;background:#f6f7f9;color:#1d232b}
header{background:#1d2a3a;color:#fff;padding:14px 22px}header h1{margin:0;font-size:20px}
header p{margin:4px 0 0;opacity:.85}
#filters{padding:10px 22px;background:#fff;border-bottom:1px solid #dde;position:sticky;top:0}
#filters label{margin-right:14px}
main{padding:14px 22px}
.item{background:#fff;border:1px solid #dde;border-radius:6px;margin:0 0 14px;padding:10px 14px}
.item h2{font-size:15px;margin:0 0 6px}.score{display:inline-block;min-width:54px;padding:1px 6px;border-radius:4px;
background:#e8eef7;font-weight:600;margin-right:8px;text-align:center}
.hot .score{background:#f9d3cf;color:#8a1c12}
ul.reasons{margin:4px 0 6px 18px;padding:0}
pre{background:#0f1720;color:#dfe6ee;padding:8px 10px;border-radius:4px;overflow:auto;font-size:12.5px;margin:6px 0}
.add{color:#8fe39a}.del{color:#ff9b93}
.finding{border-left:4px solid #c33;background:#fff4f3;padding:4px 8px;margin:4px 0}
.finding.medium{border-color:#d98a00;background:#fff9ec}.finding.low,.finding.info{border-color:#6b7a8f;background:#f3f5f8}
.sev{font-weight:700;text-transform:uppercase;font-size:11px;margin-right:6px}
.notes{color:#555}
"""

_JS = """
function applyFilters(){
  var cats=[].map.call(document.querySelectorAll('input.cat:checked'),function(e){return e.value});
  var minSev=+document.getElementById('minsev').value;
  var onlyFindings=document.getElementById('onlyfind').checked;
  var shown=0;
  document.querySelectorAll('.item').forEach(function(item){
    var fs=item.querySelectorAll('.finding'),any=false;
    fs.forEach(function(f){var ok=cats.indexOf(f.dataset.category)>=0&&(+f.dataset.sev)>=minSev;
      f.style.display=ok?'':'none';if(ok)any=true;});
    var visible=any||(fs.length===0&&!onlyFindings&&minSev===0);
    item.style.display=visible?'':'none';if(visible)shown++;
  });
  document.getElementById('count').textContent=shown;
}
document.addEventListener('change',applyFilters);
"""

_SEV = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}


def _finding(f: Any) -> str:
    sev = f.severity.value
    return (f'<div class="finding {sev}" data-category="{f.category.value}" data-sev="{_SEV[sev]}">'
            f'<span class="sev">{sev}</span><b>{html.escape(f.code)}</b> {html.escape(f.path)}:{f.span.start_line} '
            f'{html.escape(f.message)}</div>')  # fmt: skip


def _code(item: Any) -> str:
    if not item.diff:
        return ""
    rows = []
    for line in item.diff[:400]:
        cls = "add" if line.startswith("+") else "del"
        rows.append(f'<span class="{cls}">{html.escape(line)}</span>')
    more = f"\n… {len(item.diff) - 400} more lines" if len(item.diff) > 400 else ""
    return "<pre>" + "\n".join(rows) + html.escape(more) + "</pre>"


def render(result: Any, top: int = 0, **_: Any) -> str:
    items = result.items[:top] if top else result.items[:2000]
    categories = sorted({f.category.value for it in items for f in it.findings} | {"security", "correctness"})
    out = ["<!DOCTYPE html><html lang=en><head><meta charset=utf-8>",
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">",
           f"<title>codeaudit review</title><style>{_CSS}</style></head><body>",
           "<header><h1>codeaudit review</h1>",
           f"<p>{html.escape(result.mode)} {html.escape((result.base or '-')[:12])} → {html.escape((result.head or 'index')[:12])}: "
           f"{len(result.items)} {result.by}s ranked, {len(result.new_findings)} new findings, {len(result.fixed)} fixed, "
           f"{result.existing} existing</p></header>",
           '<div id="filters"><b>Filter:</b> ']  # fmt: skip
    for cat in categories:
        out.append(f'<label><input type="checkbox" class="cat" value="{cat}" checked> {cat}</label>')
    out.append('<label>min severity <select id="minsev"><option value="0">any</option><option value="1">low</option>'
               '<option value="2">medium</option><option value="3">high</option><option value="4">critical</option></select></label>'
               '<label><input type="checkbox" id="onlyfind"> only items with findings</label>'
               f' showing <span id="count">{len(items)}</span></div><main>')  # fmt: skip
    for rank, item in enumerate(items, 1):
        hot = " hot" if item.findings else ""
        out.append(f'<section class="item{hot}" data-hasfindings="{"1" if item.findings else ""}">'
                   f'<h2><span class="score">{item.score:.3g}</span>#{rank} {html.escape(label(item))} '
                   f'<small>(+{item.added} −{item.deleted})</small></h2><ul class="reasons">'
                   + "".join(f"<li>{html.escape(r)}</li>" for r in item.reasons) + "</ul>"
                   + "".join(_finding(f) for f in item.findings) + _code(item) + "</section>")  # fmt: skip
    if not items:
        out.append("<p>Nothing to review.</p>")
    if result.notes:
        out.append('<div class="notes">' + "".join(f"<p>note: {html.escape(n)}</p>" for n in result.notes) + "</div>")
    out.append(f"</main><script>{_JS}</script>")
    out.append(f'<script type="application/json" id="data">{html.escape(json.dumps({"items": len(result.items)}))}</script>')
    out.append("</body></html>")
    return "\n".join(out) + "\n"
