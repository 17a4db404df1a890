"""make lab: JupyterLab with real-time collaboration and the gia kernel, checked over REST.

The server runs in a temporary root (a copy of notebooks/whatif.ipynb) on a free port, with its
Jupyter runtime, config and collaboration state in temporary folders, no browser, and is stopped
through the REST API (the process group is killed if it does not stop).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from gia.paths import project_root
from gia.workshop.lab import lab_arguments, parse

pytestmark = pytest.mark.slow

TOKEN = "gia-test-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base: str, path: str, method: str = "GET", body: dict | None = None) -> dict | list:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        f"{base}{path}",
        data=data,
        method=method,
        headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read().decode()
    return json.loads(text) if text else {}


def wait_until_up(base: str, proc: subprocess.Popen, log: Path, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"make lab exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            call(base, "/api/status")
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    pytest.fail(f"JupyterLab did not answer within {seconds} s:\n{log.read_text()[-3000:]}")


@pytest.fixture()
def lab(tmp_path):
    root = tmp_path / "room"
    (root / "notebooks").mkdir(parents=True)
    shutil.copy(project_root() / "notebooks" / "whatif.ipynb", root / "notebooks")
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "IPYTHONDIR": str(tmp_path / "ipy"),
    }
    port = free_port()
    log = tmp_path / "lab.log"
    bin_dir = Path(sys.executable).parent
    command = [
        "make",
        "-s",
        "-C",
        str(project_root()),
        "-o",
        ".venv/.installed-stamp",
        "lab",
        f"BIN={bin_dir}",
        "HOST=127.0.0.1",
        f"PORT={port}",
        f"LAB_ARGS=--no-browser --token {TOKEN} --root {root} --state-dir {tmp_path / 'state'}",
    ]
    with log.open("w") as out:
        proc = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, proc, log)
        yield base, proc, root, tmp_path
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(30)


def test_make_lab_collaboration_and_the_gia_kernel(lab) -> None:
    base, proc, root, tmp_path = lab
    extensions = {e["name"]: e for e in call(base, "/lab/api/extensions")}
    collab = extensions["jupyter-collaboration-extension"]
    assert collab["enabled"] and collab["status"] == "ok"
    assert extensions["jupyter-widgets-jupyterlab-manager"]["enabled"]
    # the server side of collaboration: a shared document session for the notebook
    room = call(
        base,
        "/api/collaboration/session/notebooks/whatif.ipynb",
        "PUT",
        {"format": "json", "type": "notebook"},
    )
    assert room["sessionId"] and room["fileId"]
    assert (tmp_path / "state").is_dir() and not (root / ".jupyter_ystore.db").exists()
    specs = call(base, "/api/kernelspecs")
    assert specs["default"] == "gia"
    assert specs["kernelspecs"]["gia"]["spec"]["display_name"].startswith("GIA Workbench")
    # the notebook names the gia kernel; a session opened for it runs that kernel
    notebook = call(base, "/api/contents/notebooks/whatif.ipynb")
    kernel_name = notebook["content"]["metadata"]["kernelspec"]["name"]
    assert kernel_name == "gia"
    session = call(
        base,
        "/api/sessions",
        "POST",
        {
            "path": "notebooks/whatif.ipynb",
            "name": "whatif.ipynb",
            "type": "notebook",
            "kernel": {"name": kernel_name},
        },
    )
    assert session["kernel"]["name"] == "gia"
    kernel = call(base, f"/api/kernels/{session['kernel']['id']}")
    assert kernel["name"] == "gia" and kernel["execution_state"] in ("starting", "idle", "busy")
    call(base, "/api/shutdown", "POST")
    assert proc.wait(60) == 0


def test_room_arguments() -> None:
    opts = parse(["--host", "0.0.0.0", "--port", "9000"])
    args = lab_arguments(opts.host, opts.port, Path("/r"), Path("/s"), "tok", False)
    assert "--ServerApp.ip=0.0.0.0" in args and "--IdentityProvider.token=tok" in args
    assert "--MappingKernelManager.default_kernel_name=gia" in args
    assert "--SQLiteYStore.db_path=/s/ystore.db" in args
    assert ("--allow-root" in args) == (os.geteuid() == 0)
    assert parse([]).host == "127.0.0.1"  # localhost unless asked
