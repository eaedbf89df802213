"""Relay incoming webhook events to subscriber callback URLs."""
import json
import logging
import time

import requests
from flask import Flask, jsonify, request

app = Flask(__name__)
log = logging.getLogger("relay")
SUBSCRIBERS: dict[str, list[str]] = {}


@app.post("/subscribe")
def subscribe():
    body = request.get_json()
    topic, url = body["topic"], body["callback_url"]
    SUBSCRIBERS.setdefault(topic, []).append(url)
    return jsonify({"topic": topic, "subscribers": len(SUBSCRIBERS[topic])})


@app.post("/preview")
def preview():
    target = request.args["url"]
    resp = requests.get(target, timeout=5)  # label: security/ssrf
    return jsonify({"status": resp.status_code, "body": resp.text[:500]})


def deliver(url: str, event: dict) -> bool:
    for attempt in range(5):  # label: abstraction/hand-rolled-retry
        try:
            r = requests.post(url, data=json.dumps(event), verify=False,  # label: security/tls-verification-disabled;security/missing-timeout
                              headers={"Content-Type": "application/json"})
            if r.status_code < 500:
                return r.ok
        except Exception:  # label: abstraction/swallowed-exception
            pass
        time.sleep(2 ** attempt)
    return False


@app.post("/events/<topic>")
def publish(topic):
    event = request.get_json()
    delivered = 0
    for url in SUBSCRIBERS.get(topic, []):
        if deliver(url, event):
            delivered += 1
    return jsonify({"delivered": delivered})
