"""`corroborate serve` as a real subprocess: help, binding, a missing extra, a busy port."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

CLI = [sys.executable, "-m", "corroborate"]


def _run(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=120, **kw)


def test_help_ends_with_an_example():
    proc = _run("serve", "--help")
    assert proc.returncode == 0
    tail = proc.stdout.strip().splitlines()[-2:]
    assert tail[0].strip() == "Example:" and tail[1].strip().startswith("corroborate serve")
    assert "127.0.0.1" in proc.stdout and "--read-only" in proc.stdout


def test_missing_extra_is_a_usage_error_naming_the_install(tmp_path):
    code = (
        "import sys; sys.modules['fastapi'] = None\n"
        "from corroborate.cli import main\n"
        f"main(['serve', '--db', {str(tmp_path / 'db.sqlite3')!r}])\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "pip install -e '.[web]'" in proc.stderr and "web" in proc.stderr


def test_serves_on_loopback_and_stops(seed_db, tmp_path):
    import shutil

    db = tmp_path / "s.sqlite3"
    shutil.copyfile(seed_db, db)
    proc = subprocess.Popen(
        [*CLI, "serve", "--db", str(db), "--port", "0", "--read-only"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )
    try:
        line = proc.stdout.readline()
        m = re.search(r"at http://127\.0\.0\.1:(\d+)/", line)
        assert m, (line, proc.stderr.read() if proc.poll() is not None else "")
        port = int(m.group(1))
        assert "(read-only)" in line
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stories", timeout=5) as r:
                    assert json.load(r)["total"] == 1
                break
            except OSError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert proc.returncode in (0, -15)


def test_busy_port_is_a_usage_error(tmp_path):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    try:
        proc = _run("serve", "--db", str(tmp_path / "db.sqlite3"), "--port", str(sock.getsockname()[1]))
    finally:
        sock.close()
    assert proc.returncode == 2
    assert "cannot listen" in proc.stderr


def test_read_only_on_a_missing_store_is_a_usage_error_and_creates_nothing(tmp_path):
    db = tmp_path / "missing.sqlite3"
    proc = _run("serve", "--db", str(db), "--port", "0", "--read-only")
    assert proc.returncode == 2, proc.stderr
    assert "no such store" in proc.stderr and "missing.sqlite3" in proc.stderr
    assert list(tmp_path.iterdir()) == []
