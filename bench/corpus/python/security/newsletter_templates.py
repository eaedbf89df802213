"""Newsletter preview and rendering endpoints."""

from datetime import datetime

import jinja2
from flask import Flask, render_template, render_template_string, request
from markupsafe import Markup

app = Flask(__name__)

email_env = jinja2.Environment(  # label: security/ssti-autoescape-off
    loader=jinja2.FileSystemLoader("templates/email"),
    autoescape=False,
)

BASE_LAYOUT = """
<html><body>
<h1>{{ title }}</h1>
<div class="content">{{ body }}</div>
<footer>Sent {{ sent_at }}</footer>
</body></html>
"""


@app.route("/preview", methods=["POST"])
def preview():
    title = request.form.get("title", "Untitled")
    body = request.form.get("body", "")
    template = "<h1>" + title + "</h1><div>{{ body }}</div>"
    return render_template_string(template, body=body)  # label: security/ssti


@app.route("/greeting")
def greeting():
    name = request.args.get("name", "friend")
    return render_template_string(BASE_LAYOUT, title="Hello", body=f"Welcome back, {name}!", sent_at=datetime.utcnow())


@app.route("/signature", methods=["POST"])
def signature():
    sig = request.form.get("signature", "")
    return render_template("signature.html", signature=Markup(sig))  # label: security/xss-markup


def render_campaign(campaign: dict, subscriber: dict) -> str:
    template = email_env.get_template("campaign.html")
    return template.render(
        subject=campaign["subject"],
        body=campaign["body"],
        first_name=subscriber.get("first_name", ""),
        unsubscribe_url=f"https://news.example.com/unsub/{subscriber['token']}",
    )


@app.route("/campaigns/<int:campaign_id>/render")
def render_for_subscriber(campaign_id):
    campaign = {"subject": "Monthly update", "body": "<p>News</p>", "id": campaign_id}
    subscriber = {"first_name": request.args.get("first_name", ""), "token": "preview"}
    return render_campaign(campaign, subscriber)
