import re

from codeaudit.js import (FUNCTION_TYPES, call_args, callee_method, identifiers_in, loops_of, pattern_names,
                          strip_parens, text, walk)
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

_LOOKUPS = frozenset({"find", "findIndex", "findLast", "filter", "some"})
_EQUALS = frozenset({"===", "=="})
#: Field names that identify a record: the comparison is a join by key, not a search by some attribute.
_KEY_FIELD = re.compile(r"^(id|_id|uuid|guid|key|sku|slug|code|email)$|(Id|ID|_id|Key|Uuid|Code|Sku)$")


def _key_of(node):
    """`x.id` / `x.customerId` / `x["user_id"]`: an identifying field."""
    node = strip_parens(node)
    if node is None:
        return False
    if node.type == "member_expression":
        return bool(_KEY_FIELD.search(text(node.child_by_field_name("property"))))
    if node.type == "subscript_expression":
        return bool(_KEY_FIELD.search(text(node.child_by_field_name("index")).strip("'\"")))
    return False


class JsFindInLoop(JsRule):
    """`other.find(x => x.id === item.key)` for every item of a loop or `map` callback.

    ## What it does
    Reports `find` / `findIndex` / `filter` / `some` calls whose callback
    compares an identifying field of the candidate (`id`, `*Id`, `key`, `sku`,
    `email`, ...) with a value of the current item of an enclosing loop or array
    callback (`for...of`, `items.map(item => ...)`,
    including JSX lists), when the searched array does not depend on that item:
    a join written as a linear search per item.

    ## Why is this bad
    Each lookup scans the other array: n items times m candidates is O(n*m),
    1,000 products x 500 categories = 500,000 comparisons per render or request,
    where a `Map` keyed by id answers each lookup in constant time.

    ## Example
    ```javascript
    visible.map((product) => {
      const category = categories.find((c) => c.id === product.categoryId);
      return <Row product={product} category={category} />;
    });
    ```

    ## Use instead
    ```javascript
    const categoryById = new Map(categories.map((c) => [c.id, c]));
    visible.map((product) => <Row product={product} category={categoryById.get(product.categoryId)} />);
    ```
    (group with one pass for `filter`: `Map<key, items[]>`)
    """

    code = "EFF107"
    slug = "js-find-in-loop"
    category = Category.EFFICIENCY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    triggers = (b"find", b"filter", b"some")
    query = "(call_expression function: (member_expression property: (property_identifier) @method)) @call"

    VALID = [
        # outside any loop; searching the item's own children; a small constant table
        "const admin = users.find((u) => u.role === 'admin');\n"
        "for (const order of orders) {\n  const line = order.lines.find((l) => l.sku === order.mainSku);\n}\n",
        "const STATUSES = [{ code: 'a', label: 'A' }, { code: 'b', label: 'B' }];\n"
        "rows.map((r) => STATUSES.find((s) => s.code === r.status).label);\n",
        # matching on a descriptive attribute of small metadata lists, not a record key
        "for (const col of metadata.columns) {\n  const t = tableColumns.find((c) => c.name === col.databaseName);\n}\n",
        # a lookup with a fixed key inside the loop, and a Map lookup
        "for (const c of customers) {\n  const def = plans.find((p) => p.id === DEFAULT_PLAN);\n"
        "  const plan = planById.get(c.planId);\n}\n",
    ]
    INVALID = [
        ("tsx", "export function List({ items, categories }) {\n  return (\n    <ul>\n"
                "      {items.map((product) => {\n"
                "        const category = categories.find((c) => c.id === product.categoryId);  // expect: EFF107\n"
                "        return <li key={product.id}>{category?.title}</li>;\n      })}\n    </ul>\n  );\n}\n"),
        "function attach(customers, orders) {\n  for (const customer of customers) {\n"
        "    customer.orders = orders.filter((o) => o.customerId === customer.id);  // expect: EFF107\n  }\n}\n",
        ("typescript", "export function missing(local: Row[], remote: Row[]) {\n"
                       "  return local.filter((row) => !remote.some((r) => r.id === row.id));  // expect: EFF107\n}\n"),
        "const totals = invoices.reduce((acc, inv) => {\n"
        "  const i = acc.findIndex((t) => t.customerId === inv.customerId);  // expect: EFF107\n"
        "  if (i === -1) acc.push({ customerId: inv.customerId, sum: inv.amount }); else acc[i].sum += inv.amount;\n"
        "  return acc;\n}, []);\n",
    ]

    def check(self, captures):
        call = captures["call"][0]
        if text(captures["method"][0]) not in _LOOKUPS:
            return
        args = call_args(call)
        callback = strip_parens(args[0]) if args else None
        if callback is None or callback.type not in FUNCTION_TYPES:
            return
        params = callback.child_by_field_name("parameters") or callback.child_by_field_name("parameter")
        candidate = set(identifiers_in(params)) if params is not None else set()
        if not candidate:
            return
        receiver = strip_parens(call.child_by_field_name("function").child_by_field_name("object"))
        if receiver is None or receiver.type not in ("identifier", "member_expression"):
            return
        loops = loops_of(call, callbacks=True)
        if not loops:
            return
        outer = set()
        for loop in loops:
            outer |= self._element_names(loop)
        outer -= candidate
        if not outer or identifiers_in(receiver) & outer or not self._key_compare(callback, candidate, outer):
            return
        if receiver.type == "identifier" and (self._declared_in(text(receiver), loops[0])
                                              or self._small_constant(receiver)):
            return
        self.report(call, f"{text(receiver)}.{text(captures['method'][0])}() searches the whole array for every "
                          "item of the enclosing loop (O(n*m)); index it once before the loop "
                          "(new Map(arr.map((x) => [x.id, x]))) and look items up with get()")

    @staticmethod
    def _key_compare(callback, candidate, outer):
        """The callback's body has `cand.key === <uses an outer item name>` (either side)."""
        body = callback.child_by_field_name("body")
        for node in walk(body) if body is not None else ():
            if node.type != "binary_expression" or text(node.child_by_field_name("operator")) not in _EQUALS:
                continue
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            for a, b in ((left, right), (right, left)):
                ids_a, ids_b = identifiers_in(a), identifiers_in(b)
                if ids_a & candidate and not ids_a & outer and ids_b & outer and not ids_b & candidate and (
                        _key_of(a) or _key_of(b)):
                    return True
        return False

    @staticmethod
    def _element_names(loop):
        if loop.type == "for_in_statement":
            return set(pattern_names(loop.child_by_field_name("left")))
        if loop.type in FUNCTION_TYPES:
            params = loop.child_by_field_name("parameters") or loop.child_by_field_name("parameter")
            names = set()
            if params is None:
                return names
            items = params.named_children if params.type == "formal_parameters" else [params]
            # reduce((acc, item) => ...): the item is the second parameter
            index = 1 if callee_method(loop.parent.parent) in ("reduce", "reduceRight") else 0
            if len(items) > index:
                names |= identifiers_in(items[index])
            return names
        return set()

    @staticmethod
    def _declared_in(name, loop):
        body = loop.child_by_field_name("body")
        for node in walk(body) if body is not None else ():
            if node.type == "variable_declarator" and name in pattern_names(node.child_by_field_name("name")):
                return True
        return False

    def _small_constant(self, ident):
        values = self.js.values_of(text(ident), ident) or []
        return any(strip_parens(v).type == "array" and 0 < len(strip_parens(v).named_children) < 50 for v in values)
