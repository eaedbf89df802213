"""Flask admin API for previewing e-mail templates, used by the React admin on another origin."""
import hmac
import os

from flask import Flask, abort, jsonify, render_template_string, request
from flask_cors import CORS
from markupsafe import escape

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["ADMIN_SECRET_KEY"]
CORS(app, origins="*", supports_credentials=True)  # label: security/permissive-cors-with-credentials

TEMPLATES = {
    "welcome": "<h1>Welcome, {{ name }}!</h1><p>Thanks for joining {{ product }}.</p>",
    "reset": "<p>Hi {{ name }}, use <a href='{{ link }}'>this link</a> to reset your password.</p>",
}


def current_admin():
    token = request.headers.get("X-Admin-Token")
    expected = os.environ.get("ADMIN_TOKEN", "")
    if not token or not expected or not hmac.compare_digest(token, expected):
        abort(403)
    return {"name": "admin"}


@app.get("/api/templates")
def list_templates():
    current_admin()
    return jsonify(sorted(TEMPLATES))


@app.post("/api/templates/<name>/preview")
def preview(name):
    current_admin()
    body = TEMPLATES.get(name)
    if body is None:
        abort(404)
    ctx = request.get_json(silent=True) or {}
    return render_template_string(body, name=ctx.get("name", "Ada"), product="Acme", link="#")


@app.post("/api/templates/custom")
def preview_custom():
    current_admin()
    data = request.get_json(silent=True) or {}
    greeting = data.get("greeting", "Hello")
    source = "<div class='mail'>" + greeting + ", {{ name }}</div>"
    return render_template_string(source, name=data.get("name", "Ada"))  # label: security/template-injection


@app.get("/api/echo")
def echo():
    return f"<pre>{escape(request.args.get('q', ''))}</pre>"


if __name__ == "__main__":
    app.run(port=5001)
