"""The workshop room: JupyterLab on the workbook with real-time collaboration (``make lab``).

``python -m gia.workshop.lab`` starts the JupyterLab of this environment (its extensions:
jupyter-collaboration for real-time collaboration, the ipywidgets manager; its kernel ``gia``,
"GIA Workbench") on the project folder. Bound to localhost by default; ``--host 0.0.0.0`` opens
it to the room: a token is then made (or taken from ``--token`` or ``GIA_LAB_TOKEN``) and the
addresses to share are printed with it. Collaboration state (the shared documents' store) goes
to ``--state-dir`` (default ``.gia-lab/`` in the project, ignored by git), never among the
notebooks. Any other option is passed to ``jupyter lab`` (``--LabApp.expose_app_in_browser``).
Stop the room with Ctrl-C (twice) or ``POST /api/shutdown``.
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import sys
from collections.abc import Sequence
from pathlib import Path

from gia.paths import project_root

LOCALHOST = "127.0.0.1"
KERNEL = "gia"
"""The kernel the notebooks name (installed by ``make venv``: "GIA Workbench")."""


def room_addresses(host: str, port: int) -> list[str]:
    """Return the host names or IP addresses under which the room can reach the server."""
    if host not in ("0.0.0.0", "::", ""):
        return [host]
    names = {socket.gethostname()}
    try:
        names |= {
            info[4][0] for info in socket.getaddrinfo(socket.gethostname(), port, socket.AF_INET)
        }
    except OSError:
        pass
    try:  # the address of the interface that routes outwards (no packet is sent)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))
            names.add(probe.getsockname()[0])
    except OSError:
        pass
    return sorted(n for n in names if not n.startswith("127."))


def lab_arguments(
    host: str, port: int, root: Path, state_dir: Path, token: str | None, open_browser: bool
) -> list[str]:
    """Return the ``jupyter lab`` arguments of the room (collaboration on, kernel ``gia``)."""
    args = [
        f"--ServerApp.ip={host}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root}",
        f"--ServerApp.open_browser={open_browser}",
        f"--MappingKernelManager.default_kernel_name={KERNEL}",
        # collaboration is on because jupyter-collaboration is installed (no flag since 4.x);
        # a room works offline: no news feed, no update check (no question popping up)
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--LabApp.app_settings_dir={state_dir / 'settings'}",
        f"--SQLiteYStore.db_path={state_dir / 'ystore.db'}",
        f"--YDocExtension.session_store_path={state_dir / 'collaboration_sessions.json'}",
        f"--BaseFileIdManager.db_path={state_dir / 'file_id_manager.db'}",
    ]
    if token is not None:
        args.append(f"--IdentityProvider.token={token}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")  # CI and containers run as root
    return args


SETTINGS_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}
}
"""JupyterLab settings of the room: never ask each participant about a news feed."""


def write_overrides(state_dir: Path) -> Path:
    """Write the room's JupyterLab settings overrides (``<state>/settings/overrides.json``)."""
    import json

    path = state_dir / "settings" / "overrides.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(SETTINGS_OVERRIDES, indent=2) + "\n", encoding="utf-8")
    return path


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line of ``python -m gia.workshop.lab``."""
    p = argparse.ArgumentParser(
        prog="python -m gia.workshop.lab", description=__doc__.split("\n")[0]
    )
    p.add_argument(
        "--host",
        default=LOCALHOST,
        help="address to listen on (default 127.0.0.1; 0.0.0.0 for a room)",
    )
    p.add_argument("--port", type=int, default=8888, help="port (default 8888)")
    p.add_argument(
        "--root",
        type=Path,
        default=project_root(),
        help="folder shown in JupyterLab (default: the project)",
    )
    p.add_argument(
        "--state-dir",
        type=Path,
        default=None,
        help="collaboration state (default: <root>/.gia-lab)",
    )
    p.add_argument(
        "--token",
        default=os.environ.get("GIA_LAB_TOKEN"),
        help="access token (default: GIA_LAB_TOKEN; made for a room)",
    )
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    opts, extra = p.parse_known_args(argv)
    opts.jupyter_args = extra  # any other option goes to jupyter lab as given
    return opts


def main(argv: Sequence[str] | None = None) -> None:
    """Start the room's JupyterLab; print the addresses and the token for a room."""
    opts = parse(argv)
    room = opts.host not in (LOCALHOST, "localhost", "::1")
    token = opts.token or (secrets.token_urlsafe(24) if room else None)
    root = opts.root.resolve()
    state = (opts.state_dir or root / ".gia-lab").resolve()
    state.mkdir(parents=True, exist_ok=True)
    write_overrides(state)
    if room:
        print("GIA Workbench workshop room: share one of these addresses with the room", flush=True)
        for name in room_addresses(opts.host, opts.port):
            print(f"  http://{name}:{opts.port}/lab?token={token}", flush=True)
        print(f"  token: {token}", flush=True)
    args = lab_arguments(
        opts.host, opts.port, root, state, token, open_browser=not (opts.no_browser or room)
    )
    from jupyterlab.labapp import main as lab_main

    sys.argv = ["jupyter-lab", *args, *opts.jupyter_args]
    lab_main()


if __name__ == "__main__":  # pragma: no cover
    main()
