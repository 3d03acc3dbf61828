"""Starts a real Synapse homeserver (from the installed matrix-synapse package) on 127.0.0.1 with SQLite
and the leakguard module, and talks to it with a minimal client-server API client (urllib only)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

HOMESERVER_YAML = """\
server_name: "localhost"
pid_file: "{dir}/homeserver.pid"
public_baseurl: "http://127.0.0.1:{port}/"
listeners:
  - port: {port}
    tls: false
    type: http
    x_forwarded: false
    bind_addresses: ["127.0.0.1"]
    resources:
      - names: [client]
        compress: false
database:
  name: sqlite3
  args:
    database: "{dir}/homeserver.db"
log_config: "{dir}/log.yaml"
media_store_path: "{dir}/media_store"
signing_key_path: "{dir}/localhost.signing.key"
trusted_key_servers: []
suppress_key_server_warning: true
report_stats: false
enable_registration: true
enable_registration_without_verification: true
macaroon_secret_key: "{secret}"
form_secret: "{secret}"
presence:
  enabled: false
url_preview_enabled: false
rc_message: {{per_second: 1000, burst_count: 1000}}
rc_registration: {{per_second: 1000, burst_count: 1000}}
rc_joins:
  local: {{per_second: 1000, burst_count: 1000}}
rc_login:
  address: {{per_second: 1000, burst_count: 1000}}
  account: {{per_second: 1000, burst_count: 1000}}
  failed_attempts: {{per_second: 1000, burst_count: 1000}}
{modules}"""

LOG_YAML = """\
version: 1
formatters:
  precise: {{format: '%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - %(message)s'}}
handlers:
  file: {{class: logging.FileHandler, formatter: precise, filename: "{dir}/homeserver.log"}}
loggers:
  leakguard: {{level: INFO}}
root: {{level: WARNING, handlers: [file]}}
disable_existing_loggers: false
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Homeserver:
    """One Synapse process. `start()` returns at once; `wait()` blocks until it answers."""

    def __init__(self, directory: Path, module_config: Optional[Dict[str, Any]]) -> None:
        """`module_config`: the leakguard module's config, or None for a homeserver without it."""
        self.dir = directory
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: Optional[subprocess.Popen[bytes]] = None
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "log.yaml").write_text(LOG_YAML.format(dir=directory))
        (directory / "homeserver.yaml").write_text(
            HOMESERVER_YAML.format(
                dir=directory,
                port=self.port,
                secret=uuid.uuid4().hex,
                modules=""
                if module_config is None
                else "modules:\n  - module: leakguard.synapse.LeakguardModule\n"
                f"    config: {json.dumps(module_config)}\n",
            )
        )

    def start(self) -> None:
        cfg = str(self.dir / "homeserver.yaml")
        py = sys.executable
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        subprocess.run(
            [py, "-m", "synapse.app.homeserver", "-c", cfg, "--generate-keys"],
            check=True, cwd=self.dir, env=env, capture_output=True,
        )
        self.out = open(self.dir / "stdout.txt", "wb")
        self.proc = subprocess.Popen(
            [py, "-m", "synapse.app.homeserver", "-c", cfg], cwd=self.dir, env=env, stdout=self.out, stderr=subprocess.STDOUT
        )

    def wait(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise RuntimeError(f"synapse exited with {self.proc.returncode}:\n{self.logs()}")
            try:
                with urllib.request.urlopen(self.url + "/_matrix/client/versions", timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, socket.timeout):
                pass
            time.sleep(0.25)
        raise RuntimeError(f"synapse did not answer within {timeout}s:\n{self.logs()}")

    def logs(self) -> str:
        parts = []
        for name in ("stdout.txt", "homeserver.log"):
            p = self.dir / name
            if p.exists():
                parts.append(f"--- {name}\n" + p.read_text(errors="replace")[-6000:])
        return "\n".join(parts)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if getattr(self, "out", None):
            self.out.close()

    def request(
        self, method: str, path: str, body: Optional[Dict[str, Any]] = None, token: Optional[str] = None
    ) -> Tuple[int, Dict[str, Any]]:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, json.loads(r.read() or b"{}")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"{}")

    # -- the client-server API calls the tests need --

    def register(self, username: str, password: str = "correct horse battery staple 1") -> "User":
        body: Dict[str, Any] = {"username": username, "password": password}
        status, resp = self.request("POST", "/_matrix/client/v3/register", body)
        if status == 401:
            body["auth"] = {"type": "m.login.dummy", "session": resp.get("session")}
            status, resp = self.request("POST", "/_matrix/client/v3/register", body)
        assert status == 200, (status, resp)
        return User(self, resp["user_id"], resp["access_token"])


class User:
    def __init__(self, hs: Homeserver, user_id: str, token: str) -> None:
        self.hs, self.user_id, self.token = hs, user_id, token

    def call(self, method: str, path: str, body: Optional[Dict[str, Any]] = None) -> Tuple[int, Dict[str, Any]]:
        return self.hs.request(method, "/_matrix/client/v3" + path, body, self.token)

    def create_room(self) -> str:
        """A public, unencrypted room."""
        status, resp = self.call("POST", "/createRoom", {"preset": "public_chat", "name": "leakguard e2e"})
        assert status == 200, (status, resp)
        return str(resp["room_id"])

    def join(self, room_id: str) -> None:
        status, resp = self.call("POST", f"/join/{urllib.parse.quote(room_id)}", {})
        assert status == 200, (status, resp)

    def send(self, room_id: str, text: str) -> Tuple[int, Dict[str, Any]]:
        txn = uuid.uuid4().hex
        return self.call(
            "PUT",
            f"/rooms/{urllib.parse.quote(room_id)}/send/m.room.message/{txn}",
            {"msgtype": "m.text", "body": text},
        )

    def messages(self, room_id: str, limit: int = 20) -> List[Dict[str, Any]]:
        """The room's latest m.room.message events as this user sees them, newest first."""
        status, resp = self.call("GET", f"/rooms/{urllib.parse.quote(room_id)}/messages?dir=b&limit={limit}")
        assert status == 200, (status, resp)
        return [e for e in resp["chunk"] if e.get("type") == "m.room.message"]
