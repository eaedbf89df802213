"""AIT006 online mode against a local package index (127.0.0.1, no real network) and AIT012's data."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from codeaudit import api
from codeaudit.cli import main
from codeaudit.config import Config, ConfigError, parse_table
from codeaudit.knowledge import package_index
from codeaudit.knowledge.boto3_api import client_methods

EXISTING = {"realpkg-on-index"}


class _Index(BaseHTTPRequestHandler):
    asked: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        name = self.path.strip("/").split("/")[-2]
        type(self).asked.append(name)
        status = 200 if name in EXISTING else 404
        body = b'{"info": {}}' if status == 200 else b'{"message": "Not Found"}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture()
def index_url():
    server = HTTPServer(("127.0.0.1", 0), _Index)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Index.asked = []
    package_index._CACHE.clear()
    package_index._UNREACHABLE.clear()
    yield f"http://127.0.0.1:{server.server_port}/pypi"
    server.shutdown()
    server.server_close()


def _project(tmp_path: Path) -> Path:
    (tmp_path / "requirements.txt").write_text("requests\n")
    (tmp_path / "app.py").write_text("import realpkg_on_index\nimport fastjsonx_turbo\nimport os\n")
    return tmp_path


def _scan(path: Path, config: Config):
    return api.scan([path], config, use_cache=False, jobs=1)


def _ait006(result):
    return sorted((f.span.start_line, f.confidence.value) for f in result.findings if f.code == "AIT006")


def test_offline_by_default_asks_nothing(tmp_path, index_url, monkeypatch):
    monkeypatch.setenv(package_index.ENV_VAR, index_url)
    result = _scan(_project(tmp_path), Config(select=("AIT006",)))
    assert [line for line, _ in _ait006(result)] == [1, 2]
    assert _Index.asked == []


def test_online_existing_is_silent_missing_is_high(tmp_path, index_url):
    result = _scan(_project(tmp_path), Config(select=("AIT006",)).with_online(index_url))
    assert _ait006(result) == [(2, "high")]
    message = next(f.message for f in result.findings if f.code == "AIT006")
    assert "no distribution named `fastjsonx_turbo`" in message
    assert sorted(_Index.asked) == ["fastjsonx-turbo", "realpkg-on-index"]


def test_online_answers_are_cached_per_run(tmp_path, index_url):
    root = _project(tmp_path)
    (root / "other.py").write_text("import fastjsonx_turbo\n")
    _scan(root, Config(select=("AIT006",)).with_online(index_url))
    assert _Index.asked.count("fastjsonx-turbo") == 1


def test_unreachable_index_degrades_to_offline_with_a_note(tmp_path):
    package_index._UNREACHABLE.clear()
    config = Config(select=("AIT006",)).with_online("http://127.0.0.1:9/pypi")  # discard port: refused
    result = _scan(_project(tmp_path), config)
    assert [conf for _, conf in _ait006(result)] == ["medium", "medium"]
    assert any(d.kind == "online" and "package index not asked" in d.message for d in result.all_diagnostics)


def test_cli_flag_and_env_var(tmp_path, index_url, monkeypatch):
    monkeypatch.setenv(package_index.ENV_VAR, index_url)
    out = CliRunner().invoke(main, ["scan", str(_project(tmp_path)), "--online", "--select", "AIT006", "--no-cache",
                                    "-f", "json", "-j", "1"])
    assert "fastjsonx_turbo" in out.output and "realpkg_on_index" not in out.output


def test_config_keys(tmp_path):
    config = parse_table({"online": True, "index-url": "https://mirror.example/pypi"}, "pyproject.toml", tmp_path)
    assert config.rule_options["AIT006"] == {"online": True, "index-url": "https://mirror.example/pypi"}
    with pytest.raises(ConfigError, match="online: expected true or false"):
        parse_table({"online": "yes"}, "pyproject.toml", tmp_path)
    with pytest.raises(ConfigError, match="index-url: expected an http"):
        parse_table({"index-url": "mirror.example"}, "pyproject.toml", tmp_path)


def test_boto3_snapshot_has_operations_and_customisations():
    s3 = client_methods("s3")
    assert {"put_object", "list_objects_v2", "upload_file", "download_fileobj", "generate_presigned_post",
            "get_paginator", "get_waiter", "meta", "exceptions"} <= s3
    assert "upload_file_fast" not in s3
    assert "generate_db_auth_token" in client_methods("rds")
    assert "get_items" not in client_methods("dynamodb") and "batch_get_item" in client_methods("dynamodb")
    assert client_methods("runtime.sagemaker") == client_methods("sagemaker-runtime")
    assert client_methods("no-such-service") is None
