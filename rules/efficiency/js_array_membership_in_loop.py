import re

from codeaudit.js import FUNCTION_TYPES, call_args, callee_method, identifiers_in, loops_of, pattern_names, strip_parens, text, walk
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

#: Lists of record identifiers (ids, emails, skus; not object keys, which are few): a lookup in them is a membership test, never a substring test.
_KEY_LIST = re.compile(r"(Ids|IDs|Emails|Skus|SKUs|Slugs|Uuids|UUIDs)$|^(ids|emails|skus|slugs|uuids)$")
_PLURAL = re.compile(r"(s|List|Array|Ids|IDs|Keys|Items|Set)$")
_STRINGISH = re.compile(r"(text|str|string|line|name|email|url|path|message|content|body|html|header|title|word|"
                        r"status|chars|class|className|contents|address|ss)$", re.I)


#: Names that usually hold text (a substring test, not a membership test) for the element-of-loop case.
_TEXTY = re.compile(r"(input|query|search|term|desc|description|summary|value|label|source|src|prefix|suffix|"
                    r"pattern|template|bio|note|comment|code|hash|token|key|slug|uri|href|host|domain|ext|sql|"
                    r"json|csv|xml|html|markdown|md|txt|raw|data|buf|buffer|Id|id)$", re.I)


class JsArrayMembershipInLoop(JsRule):
    """`array.includes(x)` / `array.indexOf(x)` membership tests inside a loop.

    ## What it does
    Reports `includes`/`indexOf` on an array-like collection (a plural-named
    variable or property that is not a small constant list) inside a loop of the
    same function, including nested loops that compare two collections. Any
    non-text-named receiver counts when the searched value is the element of an
    enclosing `for...of` over another collection and the receiver does not change
    in that loop (`for (const id of b.viewers) if (a.viewers.includes(id))`).

    Inside an array callback (`filter`/`map`/`some`...), reports lookups in a
    list of record identifiers (`...Ids`, `emails`, `skus`) of a value taken from the
    callback's element: `users.filter((u) => bannedIds.includes(u.id))`.

    Also reports `seen.includes(x)` / `order.indexOf(x)` on a local array that
    starts empty before the loop and is `push`ed inside it (a visited list used
    as a set), whatever its name, in loops over a collection or a work list
    (`while (queue.length)`).

    ## Why is this bad
    Each test scans the whole array: n items times m entries is O(n*m). With a few
    thousand contacts and blocked domains, that is millions of comparisons where a
    `Set` answers in constant time.

    ## Example
    ```javascript
    for (const c of contacts) {
      if (blockedDomains.includes(domainOf(c))) continue;
    }
    ```

    ## Use instead
    ```javascript
    const blocked = new Set(blockedDomains);
    for (const c of contacts) {
      if (blocked.has(domainOf(c))) continue;
    }
    ```
    """

    code = "EFF102"
    slug = "js-array-membership-in-loop"
    category = Category.EFFICIENCY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    triggers = (b"includes", b"indexOf")
    query = "(call_expression) @call"

    VALID = [
        "const ALLOWED = ['csv', 'json'];\nfor (const f of files) { if (ALLOWED.includes(f.ext)) keep(f); }\n",
        "for (const line of lines) { if (line.includes('ERROR')) n++; }\nif (roles.includes(role)) ok();\n",
        "for (const u of users) { if (u.name.indexOf(' ') !== -1) split(u); }\n",
        # a fixed list of ids, a text search, and a lookup of the element's own ids
        "const ADMIN_IDS = ['u1', 'u2'];\nconst admins = users.filter((u) => ADMIN_IDS.includes(u.id));\n"
        "const hits = docs.filter((d) => d.title.includes(query));\n"
        "const tagged = posts.filter((p) => p.tagIds.includes(tagId));\n"
        "const shared = Object.keys(a).filter((k) => bKeys.indexOf(k) !== -1);\n",
        # the array is rebuilt per iteration, or only read in the loop
        "for (const g of groups) {\n  const picked = [];\n  for (const m of g.members) if (!picked.includes(m)) picked.push(m);\n}\n"
        "const order = [];\nfor (const x of xs) order.push(x);\nfor (const y of ys) if (order.indexOf(y) > 2) hit(y);\n",
        "function inChain(obj) {\n  const seen = [];\n  while (obj != null) {\n    if (seen.indexOf(obj) !== -1) return false;\n"
        "    seen.push(obj);\n    obj = Object.getPrototypeOf(obj);\n  }\n  return true;\n}\n",
        # substring tests against text, and a receiver that changes with the loop item
        "for (const word of words) { if (input.includes(word)) hits++; }\n"
        "for (const a of authors) { for (const b of a.books) { if (a.favourite.includes(b)) n++; } }\n",
    ]
    INVALID = [
        ("typescript", "function overlap(a: Item, b: Item) {\n  let n = 0;\n  for (const reader of b.readBy) {\n"
                       "    if (a.readBy.includes(reader)) n++;  // expect: EFF102\n  }\n  return n;\n}\n"),
        "function dedupe(contacts, blockedDomains) {\n  for (const c of contacts) {\n"
        "    if (blockedDomains.includes(c.domain)) continue;  // expect: EFF102\n  }\n}\n",
        "function order(start, next) {\n  const order = [];\n  const queue = [start];\n  while (queue.length) {\n"
        "    const n = queue.pop();\n    if (order.indexOf(n) !== -1) continue;  // expect: EFF102\n    order.push(n);\n"
        "    queue.push(...next(n));\n  }\n  return order;\n}\n",
        "function uniqueEmails(rows) {\n  const out = [];\n  for (const r of rows) {\n"
        "    if (!out.includes(r.email)) out.push(r.email);  // expect: EFF102\n  }\n  return out;\n}\n",
        "const visible = posts.filter((p) => !hiddenIds.includes(p.id));  // expect: EFF102\n",
        ("typescript", "export const mine = (rows: Row[], memberIds: string[]) =>\n"
                       "  rows.map((r) => ({ ...r, mine: memberIds.indexOf(r.ownerId) !== -1 }));  // expect: EFF102\n"),
        ("typescript", "for (const company of companies) {\n  for (const contact of contacts) {\n"
                       "    if (contact.companyIds.indexOf(company.id) !== -1) used.add(company);  // expect: EFF102\n  }\n}\n"),
    ]

    def check(self, captures):
        call = captures["call"][0]
        method = callee_method(call)
        if method not in ("includes", "indexOf"):
            return
        fn = call.child_by_field_name("function")
        if fn is None or fn.type != "member_expression":
            return
        args = call_args(call)
        if len(args) != 1 or strip_parens(args[0]).type in ("string", "template_string", "number", "regex"):
            return
        receiver = strip_parens(fn.child_by_field_name("object"))
        if receiver.type not in ("identifier", "member_expression"):
            return
        last = text(receiver).rsplit(".", 1)[-1]
        if _STRINGISH.search(last) or last.endswith("ss"):
            return
        loops = loops_of(call, callbacks=False)
        if not loops:
            self._in_callback(call, receiver, strip_parens(args[0]), last, method)
            return
        if self._grows_in_loop(receiver, loops[-1]):
            self.report(call, f"{last}.{method}() on an array that grows inside the loop: every test rescans all "
                              "items seen so far (O(n^2)); keep them in a Set (seen.add / seen.has) instead",
                        confidence=Confidence.LOW)  # quadratic only matters for long inputs
            return
        if not _PLURAL.search(last) and not self._cross_collection(receiver, strip_parens(args[0]), last):
            return
        if receiver.type == "identifier" and self._small_constant(receiver):
            return
        if receiver.type == "identifier" and self._built_in_loop(text(receiver), loops[0]):
            return
        self.report(call, f"{last}.{method}() inside a loop scans the array on every iteration (O(n*m)); "
                          "build a Set once before the loop and use has()")

    def _in_callback(self, call, receiver, arg, last, method):
        """`users.filter((u) => bannedIds.includes(u.id))`: a key of each element looked up in another list."""
        callbacks = loops_of(call, callbacks=True)
        if not callbacks or callbacks[0].type not in FUNCTION_TYPES or not _KEY_LIST.search(last):
            return
        params = callbacks[0].child_by_field_name("parameters") or callbacks[0].child_by_field_name("parameter")
        names = identifiers_in(params) if params is not None else set()
        if not names or identifiers_in(receiver) & names or not identifiers_in(arg) & names:
            return
        if receiver.type == "identifier" and (self._small_constant(receiver) or self._built_in_loop(
                text(receiver), callbacks[0])):
            return
        self.report(call, f"{last}.{method}() runs once per element of the enclosing array callback and scans "
                          f"{last} each time (O(n*m)); build a Set once before it and use has()")

    def _cross_collection(self, receiver, arg, last):
        """`a.includes(item)` where item is the element of an enclosing for-of over another collection and `a`
        does not change in that loop: two collections compared element by element."""
        if arg.type != "identifier" or _TEXTY.search(last) or self.js.functions.get(last) is not None:
            return False
        element, every = False, set()
        for loop in loops_of(arg, callbacks=False):
            if loop.type != "for_in_statement":
                continue
            names = set(pattern_names(loop.child_by_field_name("left")))
            every |= names
            if text(arg) in names and text(loop.child_by_field_name("operator")) == "of":
                element = True
        return element and text(receiver).split(".")[0] != "this" and not (identifiers_in(receiver) & every)

    def _grows_in_loop(self, receiver, loop):
        """`const seen = []` before the loop, `seen.push(x)` in it: a visited list used as a set."""
        if receiver.type != "identifier":
            return False
        name = text(receiver)
        values = self.js.values_of(name, receiver) or []
        if len(values) != 1 or strip_parens(values[0]).type != "array" or strip_parens(values[0]).named_children:
            return False
        if values[0].start_byte > loop.start_byte:
            return False
        if loop.type in ("while_statement", "do_statement") and ".length" not in text(
                loop.child_by_field_name("condition")):
            return False  # walking a chain (`while (obj != null)`): a handful of steps, not a collection
        body = loop.child_by_field_name("body")
        for node in walk(body) if body is not None else ():
            if node.type == "call_expression" and callee_method(node) in ("push", "unshift"):
                fn = node.child_by_field_name("function")
                if fn is not None and fn.type == "member_expression" and text(fn.child_by_field_name("object")) == name:
                    return True
        return False

    def _small_constant(self, ident):
        values = self.js.values_of(text(ident), ident) or []
        return any(strip_parens(v).type in ("array", "string") and len(strip_parens(v).named_children) < 50
                   for v in values)

    def _built_in_loop(self, name, loop):
        body = loop.child_by_field_name("body")
        for node in walk(body) if body is not None else ():
            if node.type == "variable_declarator" and text(node.child_by_field_name("name")) == name:
                return True
        return False
