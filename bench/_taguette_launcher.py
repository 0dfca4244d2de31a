"""Start Taguette with nothing leaving loopback (run with Taguette's own Python, not Balint's).

`bench/taguette_compare.py` runs `<taguette venv>/bin/python bench/_taguette_launcher.py <taguette args>`.
Taguette 1.5.2 asks https://msg.taguette.org/<version> for messages when it starts (and every 24 h). Here:

- that message check is replaced by one that fetches nothing (the page's messages.js still answers);
- every socket connect and every name look-up to anything but loopback is refused before it reaches the
  network, and printed as a `BLOCKED-OUTBOUND` line, which the bench counts (it expects none);
- a self-test at start shows the guard refusing msg.taguette.org (refused before any packet is sent).

Standard library only, so it runs inside Taguette's virtual environment.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
import sys

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def _is_loopback(host: object) -> bool:
    if host is None:
        return True  # getaddrinfo(None, port): the local wildcard, used to bind a listening socket
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).strip("[]")
    if host in LOOPBACK_NAMES or host in ("", "0.0.0.0", "::"):  # noqa: S104 - binding, not connecting
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _report(what: str, target: object) -> None:
    print(f"BLOCKED-OUTBOUND {what} {target!r}", file=sys.stderr, flush=True)


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_sendto = socket.socket.sendto
_real_getaddrinfo = socket.getaddrinfo


def _allowed_address(sock: socket.socket, address: object) -> bool:
    if sock.family not in (socket.AF_INET, socket.AF_INET6):
        return True  # Unix sockets and the like never leave the machine
    return isinstance(address, tuple) and _is_loopback(address[0])


def _connect(self: socket.socket, address: object) -> None:
    if not _allowed_address(self, address):
        _report("connect", address)
        raise OSError(errno.ENETUNREACH, "outbound network blocked by the bench launcher")
    return _real_connect(self, address)


def _connect_ex(self: socket.socket, address: object) -> int:
    if not _allowed_address(self, address):
        _report("connect", address)
        return errno.ENETUNREACH
    return _real_connect_ex(self, address)


def _sendto(self: socket.socket, data: bytes, *args: object) -> int:
    address = args[-1]
    if not _allowed_address(self, address):
        _report("sendto", address)
        raise OSError(errno.ENETUNREACH, "outbound network blocked by the bench launcher")
    return _real_sendto(self, data, *args)


def _getaddrinfo(host: object, *args: object, **kwargs: object) -> list:
    if not _is_loopback(host):
        _report("lookup", host)
        raise socket.gaierror(socket.EAI_NONAME, "name look-up blocked by the bench launcher")
    return _real_getaddrinfo(host, *args, **kwargs)


def install_guard() -> None:
    socket.socket.connect = _connect
    socket.socket.connect_ex = _connect_ex
    socket.socket.sendto = _sendto
    socket.getaddrinfo = _getaddrinfo


def self_test() -> str:
    """Show that the guard refuses the message server; the refusal happens before any packet is sent."""
    try:
        socket.getaddrinfo("msg.taguette.org", 443)
    except socket.gaierror:
        pass
    else:
        return "guard self-test FAILED: msg.taguette.org resolved"
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        probe.connect(("192.0.2.1", 443))  # TEST-NET-1, never routed; refused by the guard anyway
    except OSError as error:
        if error.errno != errno.ENETUNREACH:
            return f"guard self-test FAILED: connect gave {error!r}"
    else:
        return "guard self-test FAILED: connect went through"
    finally:
        probe.close()
    return "guard self-test passed: message server look-up and a non-loopback connect refused"


def main() -> None:
    install_guard()
    print(f"launcher: {self_test()}", flush=True)
    # The self-test's two refusals are printed as BLOCKED-OUTBOUND lines; mark where the server begins.
    print("launcher: SERVER-START", file=sys.stderr, flush=True)

    from taguette.web import base

    def check_messages(self: base.Application) -> None:
        self.messages = []
        self.messages_event.set()

    base.Application.check_messages = check_messages
    from taguette.main import main as taguette_main

    sys.argv = ["taguette", *sys.argv[1:]]
    taguette_main()


if __name__ == "__main__":
    main()
