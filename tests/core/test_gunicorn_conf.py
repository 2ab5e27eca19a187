"""gunicorn's settings come from the environment, with safe defaults and an access log without personal
data."""

import runpy
from pathlib import Path

CONF = Path(__file__).resolve().parents[2] / "config" / "gunicorn.conf.py"


def load(monkeypatch, **env) -> dict:
    for name in ("MSP_BIND", "MSP_WORKERS", "MSP_THREADS", "MSP_TIMEOUT", "MSP_ACCESS_LOG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_the_defaults_listen_on_this_machine_only_with_workers_for_its_cores(monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    conf = load(monkeypatch)
    assert conf["bind"] == "127.0.0.1:8000"
    assert conf["workers"] == 5
    assert conf["threads"] >= 1
    assert conf["wsgi_app"] == "config.wsgi:application"
    assert conf["accesslog"] is None  # MSP's own JSON request log is enough


def test_workers_are_capped_on_a_large_machine(monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 64)
    assert load(monkeypatch)["workers"] == 12


def test_the_environment_decides(monkeypatch):
    conf = load(
        monkeypatch,
        MSP_BIND="0.0.0.0:9000",
        MSP_WORKERS="3",
        MSP_THREADS="8",
        MSP_TIMEOUT="90",
        MSP_ACCESS_LOG="1",
    )
    assert (conf["bind"], conf["workers"], conf["threads"], conf["timeout"]) == ("0.0.0.0:9000", 3, 8, 90)
    assert conf["accesslog"] == "-"


def test_the_access_log_leaves_out_query_strings_and_who_the_client_is(monkeypatch):
    log_format = load(monkeypatch)["access_log_format"]
    assert "%(U)s" in log_format  # the path alone
    for atom in ("%(r)s", "%(q)s", "%(h)s", "%(f)s", "%(a)s", "%(u)s", "%({"):
        assert atom not in log_format
