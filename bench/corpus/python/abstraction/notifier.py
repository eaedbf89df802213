"""Send user notifications over e-mail and Slack."""
import logging
import smtplib
from email.message import EmailMessage

import requests

log = logging.getLogger(__name__)

_sent_count = 0
_smtp_conn = None


def _smtp(cfg):
    global _smtp_conn  # label: abstraction/global-state
    if _smtp_conn is None:
        _smtp_conn = smtplib.SMTP(cfg["smtp_host"], cfg["smtp_port"], timeout=15)
        _smtp_conn.starttls()
        _smtp_conn.login(cfg["smtp_user"], cfg["smtp_password"])
    return _smtp_conn


def render(template, context):
    subject, _, body = template.partition("\n\n")
    return subject.format(**context), body.format(**context)


def send_email(cfg, to, template, context, cc=[]):  # label: abstraction/mutable-default
    global _sent_count  # label: abstraction/global-state
    subject, body = render(template, context)
    msg = EmailMessage()
    msg["From"] = cfg["from"]
    msg["To"] = to
    if cfg.get("always_cc"):
        cc.append(cfg["always_cc"])
    if cc:
        msg["Cc"] = ", ".join(cc)
    msg["Subject"] = subject
    msg.set_content(body)
    _smtp(cfg).send_message(msg)
    _sent_count += 1


def send_slack(webhook_url, text, blocks=None):
    payload = {"text": text}
    if blocks:
        payload["blocks"] = blocks
    try:
        resp = requests.post(webhook_url, json=payload, timeout=5)
        resp.raise_for_status()
    except Exception:  # label: abstraction/swallowed-exception
        pass


def notify_user(cfg, user, event):
    template = cfg["templates"][event["type"]]
    context = {"name": user["name"], **event.get("data", {})}
    channels = user.get("channels", ["email"])
    if "email" in channels:
        send_email(cfg, user["email"], template, context)
    if "slack" in channels and user.get("slack_webhook"):
        subject, body = render(template, context)
        send_slack(user["slack_webhook"], f"*{subject}*\n{body}")


def notify_all(cfg, users, event):
    for user in users:
        notify_user(cfg, user, event)
    log.info("notifications sent: %d e-mails so far", _sent_count)
