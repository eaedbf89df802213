"""Renders customer-facing HTML statements from saved report templates."""
import datetime as dt
import os
from decimal import Decimal

from flask import Flask, abort, request
from jinja2 import Environment, FileSystemLoader, Template, contextfilter  # label: ai-tell/removed-api
from markupsafe import Markup

app = Flask(__name__)
TEMPLATE_DIR = os.path.join(os.path.dirname(__file__), "statement_templates")
env = Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=True)


@contextfilter
def currency(ctx, value):
    symbol = ctx.get("currency_symbol", "$")
    return f"{symbol}{Decimal(value):,.2f}"


env.filters["currency"] = currency

STATEMENTS = {
    "acme": {"customer": "Acme Ltd", "currency_symbol": "£",
             "lines": [("Hosting", "120.00"), ("Support", "45.50")]},
    "globex": {"customer": "Globex", "currency_symbol": "$",
               "lines": [("Licences", "999.00")]},
}


def statement_context(account: str) -> dict:
    data = STATEMENTS.get(account)
    if data is None:
        abort(404)
    total = sum(Decimal(v) for _, v in data["lines"])
    return {**data, "total": total, "generated": dt.date.today().isoformat()}


@app.route("/statements/<account>")
def statement(account):
    ctx = statement_context(account)
    return env.get_template("statement.html").render(**ctx)


@app.route("/statements/<account>/preview", methods=["POST"])
def preview(account):
    ctx = statement_context(account)
    header = request.form.get("header", "")
    source = request.form.get("template", "")
    ctx["header"] = Markup(header)  # label: security/xss
    page = Template(source)
    return page.render(**ctx)  # label: security/template-injection


@app.route("/statements/<account>/note")
def note(account):
    ctx = statement_context(account)
    message = request.args.get("msg", "")
    html = env.from_string("<p class='note'>{{ msg }}</p><h1>{{ customer }}</h1>")
    return html.render(msg=message, customer=ctx["customer"])


if __name__ == "__main__":
    app.run(port=5001)
