"""Start the web page: uvicorn on a socket bound here (so a port in use is a clear message,
not a log line), the browser opened once the server answers, Ctrl-C a normal stop."""

from __future__ import annotations

import socket
import threading
import webbrowser
from collections.abc import Callable

from ..errors import ServerNotStarted

LOCAL = ("127.0.0.1", "localhost", "::1")


def allowed_hosts(host: str) -> list[str]:
    """The names a browser may use in its Host header to reach this server: the local
    names, the host it was started on, and (listening on every address, 0.0.0.0 or ::)
    this machine's name and addresses. Anything else is refused (DNS rebinding)."""
    names = [*LOCAL, host.lower()]
    if host in ("0.0.0.0", "::", ""):
        machine = socket.gethostname()
        names += [machine.lower(), socket.getfqdn().lower()]
        try:
            names += [str(info[4][0]) for info in socket.getaddrinfo(machine, None)]
        except OSError:
            pass
    return list(dict.fromkeys(n for n in names if n))


def bind(host: str, port: int) -> socket.socket:
    """A listening socket, or ServerNotStarted saying what to do."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        if exc.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
            raise ServerNotStarted(
                f"Port {port} is already in use (another pfs-docgen serve, or another "
                f"program): stop it, or choose another port, for example --port "
                f"{port + 1 if port else 8766}.") from exc
        raise ServerNotStarted(f"Could not listen on {host}:{port} ({exc.strerror}): "
                               "check --host (this machine's own name or address, or "
                               "0.0.0.0 for every address).") from exc
    sock.listen(128)
    return sock


def url_of(sock: socket.socket, host: str) -> str:
    port = sock.getsockname()[1]
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"


def serve(host: str = "127.0.0.1", port: int = 8765, *, open_browser: bool = True,
          ready: Callable[[str], None] | None = None) -> None:
    """Serve the page until Ctrl-C (or SIGTERM); `ready(url)` is called once it answers.
    Returns normally when stopped."""
    import uvicorn

    from .app import create_app

    sock = bind(host, port)
    url = url_of(sock, host)
    app = create_app(hosts=allowed_hosts(host))
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on",
                            timeout_graceful_shutdown=5)
    server = uvicorn.Server(config)

    def announce() -> None:
        while not server.started and not server.should_exit:
            threading.Event().wait(0.05)
        if server.started:
            if ready is not None:
                ready(url)
            if open_browser:
                webbrowser.open(url)

    threading.Thread(target=announce, daemon=True).start()
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn stops, then passes the Ctrl-C on: a normal end here
        pass
    finally:
        sock.close()
