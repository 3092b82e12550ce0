#!/usr/bin/python3
"""Bytes no device would send, straight to btiprovd: each must get the ERROR
it deserves and a closed connection.  Prints one line per case: its name,
the error code and "ok", or what happened instead.  usage: raw.py PORT
The server's request_timeout must be under 5 s."""
import os
import socket
import sys
import time

from wire import TRAILER, error, hashed, read_all, request_body as request


# name: (bytes, the ERROR code expected)
CASES = {
    "too-long": (bytes([1, 1, 0xff, 0xff]), 4),
    "tampered-hash": (bytes([1, 1, 0, 68]) + os.urandom(68 + TRAILER), 5),
    "empty-request": (hashed(1, 1, b""), 4),
    "short-request": (hashed(1, 1, request()[:67]), 4),
    "version-3-only": (hashed(1, 1, request(versions=(3, 3))), 1),
    "no-common-suite": (hashed(1, 1, request(suites=0)), 2),
    "user-key-kind-3": (hashed(1, 1, request(kind=3)), 4),
    "transport-first": (hashed(1, 3, os.urandom(40)), 3),
    # a re-provisioning id the server never bound: refused before
    # SERVER_HELLO (protocol.rst, 7)
    "unknown-device": (hashed(1, 1, request()), 4),
    # nothing, or a REQUEST a byte a second: past request_timeout
    "silent": (b"", 10),
    "slow-bytes": (hashed(1, 1, request()), 10),
}
PACED = {"slow-bytes": 1.0}


def send(s, msg, pace):
    """All of msg, or a byte each pace seconds until the server answers."""
    if not pace:
        s.sendall(msg)
        return
    for b in msg:
        if answered(s):
            return
        s.sendall(bytes([b]))
        time.sleep(pace)


def answered(s):
    """Whether the server has sent something, or closed."""
    timeout = s.gettimeout()
    s.settimeout(0)
    try:
        s.recv(1, socket.MSG_PEEK)
        return True
    except BlockingIOError:
        return False
    finally:
        s.settimeout(timeout)


def main():
    port = int(sys.argv[1])
    for name, (msg, want) in CASES.items():
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            send(s, msg, PACED.get(name))
            try:
                reply = read_all(s)
            except socket.timeout:
                print(name, "no close")
                continue
        got = error(reply)
        if got:
            print(name, "error", got[0], "ok" if got[0] == want else "want %d" % want)
        else:
            print(name, "no error:", reply[:8].hex())


main()
