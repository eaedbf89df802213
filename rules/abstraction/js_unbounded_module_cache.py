from codeaudit.js import strip_parens, text, walk
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

#: Module-level initialisers of a keyed store.
_EMPTY_STORES = ("{}", "new Map()", "Object.create(null)")
#: Calls on the store that bound or evict it.
_EVICTIONS = frozenset({"delete", "clear"})


class JsUnboundedModuleCache(JsRule):
    """A module-level object/Map filled with keys from requests and never evicted.

    ## What it does
    Reports a module-level `const cache = {}` / `new Map()` that request handlers
    read and fill with a key taken from the request (`cache[req.params.x] = ...`,
    `cache.set(ctx.query.k, ...)`), when nothing in the file ever removes entries
    (`delete`, `.delete()`, `.clear()`, reassignment) or checks its size.

    ## Why is this bad
    Every distinct key a client sends adds an entry that lives as long as the
    process: memory grows without bound (an easy denial of service), entries
    never expire so stale data is served forever, and each worker process keeps
    its own divergent copy.

    ## Example
    ```javascript
    const reportCache = {};
    router.get('/reports/:range', async (ctx) => {
      const key = ctx.params.range;
      if (!reportCache[key]) reportCache[key] = await build(key);
      ctx.body = reportCache[key];
    });
    ```

    ## Use instead
    ```javascript
    const reportCache = new LRUCache({ max: 500, ttl: 5 * 60_000 });  // lru-cache: bounded, expiring
    ```
    """

    code = "ABS105"
    slug = "js-unbounded-module-cache"
    category = Category.ABSTRACTION
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    needs_request_data = True
    query = "(program [(lexical_declaration (variable_declarator name: (identifier) @name value: (_) @value) @decl) (variable_declaration (variable_declarator name: (identifier) @name value: (_) @value) @decl)])"

    VALID = [
        # evicted: a size check / delete keeps it bounded
        "const cache = new Map();\napp.get('/u/:id', async (req, res) => {\n  const id = req.params.id;\n"
        "  if (!cache.has(id)) {\n    if (cache.size > 1000) cache.delete(cache.keys().next().value);\n"
        "    cache.set(id, await load(id));\n  }\n  res.json(cache.get(id));\n});\n",
        # keys from a fixed set (not from the request), and a per-request object
        "const byLocale = {};\nfunction fmt(locale) {\n  if (!byLocale[locale]) byLocale[locale] = new Intl.NumberFormat(locale);\n"
        "  return byLocale[locale];\n}\napp.get('/x', (req, res) => {\n  const seen = {};\n  seen[req.query.a] = 1;\n"
        "  res.json(seen);\n});\n",
        # a registry filled at start-up, and a cache that is replaced on a timer
        "const handlers = {};\nfunction on(name, fn) { handlers[name] = fn; }\nlet cache = {};\n"
        "setInterval(() => { cache = {}; }, 60000);\napp.get('/p/:k', (req, res) => {\n"
        "  cache[req.params.k] = cache[req.params.k] || compute(req.params.k);\n  res.send(cache[req.params.k]);\n});\n",
    ]
    INVALID = [
        "const reportCache = {};  // expect: ABS105\nrouter.get('/reports/:range', async (ctx) => {\n"
        "  const key = ctx.params.range;\n  if (!reportCache[key]) reportCache[key] = await build(key);\n"
        "  ctx.body = reportCache[key];\n});\n",
        ("typescript", "const previews = new Map<string, Buffer>();  // expect: ABS105\n"
                       "export async function preview(req: Request, res: Response) {\n  const url = String(req.query.url);\n"
                       "  let img = previews.get(url);\n  if (!img) {\n    img = await render(url);\n    previews.set(url, img);\n  }\n"
                       "  res.type('png').send(img);\n}\n"),
        "const memo = Object.create(null);  // expect: ABS105\napp.post('/price', (req, res) => {\n"
        "  const { sku, qty } = req.body;\n  const k = `${sku}:${qty}`;\n  if (!(k in memo)) memo[k] = quote(sku, qty);\n"
        "  res.json(memo[k]);\n});\n",
    ]

    def check(self, captures):
        value = strip_parens(captures["value"][0])
        if " ".join(text(value).split()) not in _EMPTY_STORES and not (
                value.type == "new_expression" and text(value.child_by_field_name("constructor")) == "Map"
                and value.child_by_field_name("arguments") is not None
                and not value.child_by_field_name("arguments").named_children):
            return
        name = text(captures["name"][0])
        read = grown = False
        for node in walk(self.js.root):
            kind = node.type
            if kind == "subscript_expression" and text(node.child_by_field_name("object")) == name:
                parent = node.parent
                index = node.child_by_field_name("index")
                if parent is not None and parent.type == "unary_expression" and text(parent).startswith("delete"):
                    return
                if parent is not None and parent.type == "assignment_expression" and parent.child_by_field_name("left") == node:
                    grown = grown or self._from_request(index, node)
                else:
                    read = True
            elif kind == "call_expression":
                fn = node.child_by_field_name("function")
                if fn is None or fn.type != "member_expression" or text(fn.child_by_field_name("object")) != name:
                    if fn is not None and text(fn) in ("Object.keys", "Object.entries", "Object.values") and \
                            node.parent is not None and node.parent.type == "member_expression" and \
                            text(node.parent.child_by_field_name("property")) == "length" and name in text(node):
                        return  # Object.keys(cache).length: size-checked
                    continue
                method = text(fn.child_by_field_name("property"))
                if method in _EVICTIONS:
                    return
                args = node.child_by_field_name("arguments")
                first = args.named_children[0] if args is not None and args.named_children else None
                if method == "set" and first is not None:
                    grown = grown or self._from_request(first, node)
                elif method in ("get", "has"):
                    read = True
            elif kind == "member_expression" and text(node.child_by_field_name("object")) == name and \
                    text(node.child_by_field_name("property")) in ("size", "length"):
                return
            elif kind == "assignment_expression" and text(node.child_by_field_name("left")) == name:
                return  # replaced wholesale somewhere (reset)
            elif kind == "binary_expression" and text(node.child_by_field_name("right")) == name and \
                    text(node.child_by_field_name("operator")) == "in":
                read = True
        if read and grown:
            self.report(captures["decl"][0], f"module-level '{name}' caches one entry per request key and nothing "
                                             "ever evicts it: memory grows without bound and entries never expire; "
                                             "use a bounded LRU/TTL cache (e.g. lru-cache) or an external store")

    def _from_request(self, key, at):
        """The key carries request data: one entry per distinct client value."""
        return key is not None and self.js.is_tainted(key)
