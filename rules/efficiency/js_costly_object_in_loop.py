from codeaudit.js import FUNCTION_TYPES, identifiers_in, loop_element_names, loops_of, pattern_names, strip_parens, text, walk
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity

_INTL = frozenset({"NumberFormat", "DateTimeFormat", "Collator", "PluralRules", "RelativeTimeFormat", "ListFormat",
                   "Segmenter", "DisplayNames"})


class JsCostlyObjectInLoop(JsRule):
    """`new Intl.NumberFormat()` or `new RegExp()` built again for every item.

    ## What it does
    Reports, inside a loop or an array callback (`map`, `forEach`, JSX lists):
    `Intl` formatters and collators (`new Intl.NumberFormat(...)`,
    `DateTimeFormat`, `Collator`, ...), and `new RegExp(...)` when its pattern
    does not change between iterations or is built from the items of a constant
    table (so every pattern could be compiled once).

    ## Why is this bad
    An `Intl` formatter loads and resolves locale data on construction (tens of
    microseconds each, far more than formatting one value); compiling a regex
    parses and compiles the pattern. Rebuilding them per row, per render or per
    call multiplies that cost by the list size for identical objects.

    ## Example
    ```javascript
    products.map((p) => {
      const price = new Intl.NumberFormat(locale, { style: 'currency', currency: p.currency });
      return price.format(p.cents / 100);
    });
    ```

    ## Use instead
    Create formatters once (or cache them per currency/locale in a `Map`),
    compile invariant regexes before the loop, and precompile regexes for a
    constant table at module level:
    `const BLOCKED = DOMAINS.map((d) => new RegExp(...))`.
    """

    code = "EFF109"
    slug = "js-costly-object-in-loop"
    category = Category.EFFICIENCY
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    query = "(new_expression constructor: (_) @ctor) @new"

    VALID = [
        "const fmt = new Intl.NumberFormat('en-US');\nrows.map((r) => fmt.format(r.total));\n",
        # one pattern per user-supplied word: the regex really differs per item
        "function highlight(words, text) {\n  for (const w of words) {\n"
        "    text = text.replace(new RegExp(escape(w), 'g'), '<b>$&</b>');\n  }\n  return text;\n}\n",
        "const re = new RegExp(`^${prefix}`);\nfor (const k of keys) if (re.test(k)) n++;\n",
        # the pattern's parts are reassigned on every iteration (not declared there)
        "function off(types) {\n  let parts, re;\n  for (let t = 0; t < types.length; t++) {\n"
        "    parts = types[t].split('.');\n    re = new RegExp('(^|\\\\.)' + parts.join('\\\\.') + '$');\n"
        "    drop(re);\n  }\n}\n",
        # a lazily built, cached regex
        "let emojiRe;\nfor (const c of checks) {\n  if (!emojiRe) emojiRe = new RegExp(EMOJI, 'u');\n  emojiRe.test(c);\n}\n",
    ]
    INVALID = [
        ("tsx", "export const Prices = ({ items, locale }) => (\n  <ul>\n    {items.map((p) => {\n"
                "      const f = new Intl.NumberFormat(locale, { style: 'currency', currency: p.currency });  // expect: EFF109\n"
                "      return <li key={p.id}>{f.format(p.cents / 100)}</li>;\n    })}\n  </ul>\n);\n"),
        "const BLOCKED = ['mailinator.com', 'tempmail.dev'];\nfunction isBlocked(email) {\n"
        "  for (const domain of BLOCKED) {\n"
        "    const re = new RegExp(`@${domain.replace('.', '\\\\.')}$`, 'i');  // expect: EFF109\n"
        "    if (re.test(email)) return true;\n  }\n  return false;\n}\n",
        "function grep(lines, pattern) {\n  return lines.filter((line) => new RegExp(pattern, 'i').test(line));  // expect: EFF109\n}\n",
        ("typescript", "export function sortNames(groups: string[][]) {\n  for (const g of groups) {\n"
                       "    g.sort(new Intl.Collator('de').compare);  // expect: EFF109\n  }\n}\n"),
    ]

    def check(self, captures):
        new, ctor = captures["new"][0], strip_parens(captures["ctor"][0])
        name = text(ctor)
        if name.startswith("Intl.") and name[5:] in _INTL:
            kind = "intl"
        elif name == "RegExp":
            kind = "regex"
        else:
            return
        loops = loops_of(new, callbacks=True)
        if not loops or self._cached(new, loops[-1]):
            return
        if kind == "regex" and not self._regex_repeats(new, loops):
            return
        what = f"new {name}()"
        self.report(new, f"{what} is rebuilt for every item of the loop although it could be built once: "
                         "construction dominates the cost; create it before the loop (or at module level, or "
                         "cache one per key in a Map)")

    @staticmethod
    def _cached(new, loop):
        """`if (!re) re = new RegExp(...)` / `fmt ??= new Intl...`: stored in a variable that outlives the loop."""
        parent = new.parent
        while parent is not None and parent.type == "parenthesized_expression":
            parent = parent.parent
        if parent is None or parent.type not in ("assignment_expression", "augmented_assignment_expression"):
            return False
        left = parent.child_by_field_name("left")
        if left is None or left.type == "identifier" and not any(
                n.type == "variable_declarator" and text(n.child_by_field_name("name")) == text(left)
                for n in walk(loop)):
            return True
        return left.type in ("member_expression", "subscript_expression")

    def _regex_repeats(self, new, loops):
        args = new.child_by_field_name("arguments")
        used = identifiers_in(args) if args is not None else set()
        bound_inside = set()
        body = loops[-1].child_by_field_name("body")
        for node in walk(body) if body is not None else ():
            if node.type == "variable_declarator":
                bound_inside |= set(pattern_names(node.child_by_field_name("name")))
            elif node.type in ("assignment_expression", "augmented_assignment_expression"):
                left = node.child_by_field_name("left")  # `parts = key.split(".")`: rebound every iteration
                if left is not None and left.type == "identifier":
                    bound_inside.add(text(left))
        elements = {}
        for loop in loops:
            for element in loop_element_names(loop):
                elements.setdefault(element, loop)
        if used & bound_inside:
            return False
        item_names = used & set(elements)
        if not item_names:
            return True  # loop-invariant pattern
        # built from the items of a constant table: every pattern can be compiled once up front
        return all(self._constant_iterable(elements[n]) for n in item_names)

    def _constant_iterable(self, loop):
        if loop.type == "for_in_statement":
            iterable = strip_parens(loop.child_by_field_name("right"))
        elif loop.type in FUNCTION_TYPES:
            call = loop.parent.parent
            fn = strip_parens(call.child_by_field_name("function")) if call is not None else None
            iterable = strip_parens(fn.child_by_field_name("object")) if fn is not None and fn.type == "member_expression" else None
        else:
            return False
        if iterable is None or iterable.type != "identifier" or text(iterable) not in self.js.consts:
            return False
        value = strip_parens(self.js.consts[text(iterable)])
        return value.type == "array" and self.js.is_constant(value)
