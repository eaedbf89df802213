"""Small directory service: LDAP lookups with a Redis-backed result cache."""
import logging
import os
import pickle

import ldap
import redis
import yaml
from flask import Flask, jsonify, request

log = logging.getLogger(__name__)
app = Flask(__name__)


def load_settings(path=os.environ.get("DIRECTORY_CONFIG", "directory.yml")):
    with open(path) as fh:
        return yaml.load(fh, Loader=yaml.Loader)  # label: security/unsafe-yaml-load


SETTINGS = load_settings()
cache = redis.Redis.from_url(SETTINGS.get("redis_url", "redis://localhost:6379/0"))


def connect():
    conn = ldap.initialize(SETTINGS["ldap_uri"])
    conn.set_option(ldap.OPT_NETWORK_TIMEOUT, 5)
    conn.simple_bind_s(SETTINGS["bind_dn"], os.environ["LDAP_BIND_PASSWORD"])
    return conn


def _cache_key(kind, value):
    return f"dir:{kind}:{value.lower()}"


def cached(kind, value, loader):
    key = _cache_key(kind, value)
    blob = cache.get(key)
    if blob is not None:
        return pickle.loads(blob)  # label: security/unsafe-deserialization
    result = loader(value)
    cache.setex(key, 300, pickle.dumps(result))
    return result


def _search_people(name):
    conn = connect()
    try:
        flt = "(&(objectClass=person)(|(cn=*{0}*)(mail={0}*)))".format(name)
        rows = conn.search_s(SETTINGS["base_dn"], ldap.SCOPE_SUBTREE, flt, ["cn", "mail", "title"])  # label: security/ldap-injection
    finally:
        conn.unbind_s()
    people = []
    for dn, attrs in rows:
        people.append({
            "dn": dn,
            "name": attrs.get("cn", [b""])[0].decode(),
            "mail": attrs.get("mail", [b""])[0].decode(),
            "title": attrs.get("title", [b""])[0].decode(),
        })
    return people


@app.get("/people")
def people():
    name = request.args.get("name", "").strip()
    if len(name) < 2:
        return jsonify({"error": "name too short"}), 400
    return jsonify(cached("people", name, _search_people))


@app.get("/health")
def health():
    try:
        cache.ping()
    except redis.RedisError:
        return jsonify({"redis": "down"}), 503
    return jsonify({"redis": "up"})
