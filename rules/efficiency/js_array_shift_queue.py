from codeaudit.js import FUNCTION_TYPES, LOOP_TYPES, call_args, callee_method, loops_of, strip_parens, text, walk
from codeaudit.js.base import JsRule
from codeaudit.rule import Category, Confidence, Severity


class JsArrayShiftQueue(JsRule):
    """`queue.shift()` on an array used as a work queue (BFS, job list).

    ## What it does
    Reports `x.shift()` inside a loop when the same loop also `push`es onto `x`:
    an array used as a FIFO queue, as in a breadth-first walk or a work list.
    Draining a fixed list (`while (args.length) args.shift()`) is left alone.

    ## Why is this bad
    `shift()` moves every remaining element one slot down: O(n) per call, so
    draining a queue of n items costs O(n^2). A graph walk over 50,000 nodes
    spends its time copying the queue rather than visiting nodes.

    ## Example
    ```javascript
    const queue = [start];
    while (queue.length > 0) {
      const node = queue.shift();
      for (const next of edges[node]) queue.push(next);
    }
    ```

    ## Use instead
    ```javascript
    const queue = [start];
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head];
      for (const next of edges[node]) queue.push(next);
    }
    ```
    (or a small deque / linked-list queue)
    """

    code = "EFF108"
    slug = "js-array-shift-queue"
    category = Category.EFFICIENCY
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    triggers = (b"shift",)
    query = "(call_expression function: (member_expression object: (identifier) @queue property: (property_identifier) @method)) @call"

    VALID = [
        # draining argv: nothing is pushed back
        "const args = process.argv.slice(2);\nwhile (args.length) {\n  const a = args.shift();\n  handle(a);\n}\n",
        # a stack (pop), and a shift outside any loop
        "const stack = [root];\nwhile (stack.length) {\n  const n = stack.pop();\n  stack.push(...n.children);\n}\n"
        "const first = pending.shift();\npending.push(first);\n",
    ]
    INVALID = [
        "function bfs(start, edges) {\n  const seen = new Set([start]);\n  const queue = [start];\n"
        "  while (queue.length > 0) {\n    const node = queue.shift();  // expect: EFF108\n"
        "    for (const next of edges[node] || []) {\n      if (!seen.has(next)) { seen.add(next); queue.push(next); }\n"
        "    }\n  }\n  return seen;\n}\n",
        ("typescript", "export async function crawl(root: string) {\n  const todo: string[] = [root];\n"
                       "  while (todo.length) {\n    const url = todo.shift()!;  // expect: EFF108\n"
                       "    const links = await extract(url);\n    todo.push(...links);\n  }\n}\n"),
    ]

    def check(self, captures):
        if text(captures["method"][0]) != "shift" or call_args(captures["call"][0]):
            return
        call, name = captures["call"][0], text(captures["queue"][0])
        loops = [lp for lp in loops_of(call) if lp.type in LOOP_TYPES]
        if not loops:
            return
        loop = loops[0]
        for node in walk(loop):
            if node.type == "call_expression" and callee_method(node) == "push":
                fn = strip_parens(node.child_by_field_name("function"))
                if fn.type == "member_expression" and text(fn.child_by_field_name("object")) == name and \
                        not self._in_nested_function(node, loop):
                    self.report(call, f"{name}.shift() moves every remaining element on each call while the loop "
                                      f"keeps pushing onto {name} (O(n^2) overall); read with a moving head "
                                      "index (queue[head++]) or use a deque")
                    return

    @staticmethod
    def _in_nested_function(node, loop):
        node = node.parent
        while node is not None and node.id != loop.id:
            if node.type in FUNCTION_TYPES:
                return True
            node = node.parent
        return False
