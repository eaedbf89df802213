"""Chat bot command handlers: calculator, unit conversion and admin scripting."""

import logging
import math
import re
from dataclasses import dataclass

log = logging.getLogger(__name__)

UNITS = {
    ("km", "mi"): 0.621371,
    ("mi", "km"): 1.609344,
    ("kg", "lb"): 2.204623,
    ("lb", "kg"): 0.453592,
}

SAFE_NAMES = {name: getattr(math, name) for name in ("sqrt", "sin", "cos", "tan", "log", "pi", "e")}


@dataclass
class Message:
    user: str
    text: str
    is_admin: bool = False


def handle_calc(msg: Message) -> str:
    expression = msg.text.removeprefix("!calc").strip()
    if not expression:
        return "usage: !calc <expression>"
    try:
        value = eval(expression, {"__builtins__": {}}, SAFE_NAMES)  # label: security/eval-injection
    except Exception as exc:
        return f"error: {exc}"
    return f"{expression} = {value}"


def handle_convert(msg: Message) -> str:
    m = re.match(r"!convert\s+([\d.]+)\s*(\w+)\s+to\s+(\w+)", msg.text)
    if not m:
        return "usage: !convert <amount> <unit> to <unit>"
    amount, src, dst = float(m.group(1)), m.group(2).lower(), m.group(3).lower()
    factor = UNITS.get((src, dst))
    if factor is None:
        return f"cannot convert {src} to {dst}"
    return f"{amount:g} {src} = {amount * factor:.3f} {dst}"


def handle_script(msg: Message, context: dict) -> str:
    if not msg.is_admin:
        return "permission denied"
    code = msg.text.removeprefix("!run").strip()
    output: list[str] = []
    scope = {"context": context, "emit": output.append}
    exec(code, scope)  # label: security/exec-injection
    return "\n".join(output) or "(no output)"


def dispatch(msg: Message, context: dict) -> str:
    log.debug("message from %s", msg.user)
    if msg.text.startswith("!calc"):
        return handle_calc(msg)
    if msg.text.startswith("!convert"):
        return handle_convert(msg)
    if msg.text.startswith("!run"):
        return handle_script(msg, context)
    return "unknown command"


if __name__ == "__main__":
    ctx: dict = {}
    while True:
        try:
            line = input("> ")
        except EOFError:
            break
        print(dispatch(Message(user="console", text=line), ctx))
