#!/usr/bin/python3
"""Bytes no device would send, straight to btiprovd: each must get the ERROR
it deserves and a closed connection.  Prints one line per case: its name,
the error code and "ok", or what happened instead.  usage: raw.py PORT"""
import hashlib
import os
import socket
import sys

HEADER = 4
TRAILER = 32


def hashed(version, kind, body):
    """A message as a device sends it before keys: trailed by the hash of
    the transcript, which is the message itself."""
    m = bytes([version, kind, len(body) >> 8, len(body) & 0xff]) + body
    return m + hashlib.sha256(m).digest()


def request(versions=(1, 1), suites=3, kind=1):
    return bytes([versions[0], versions[1], suites, kind]) + os.urandom(64)


# name: (bytes, the ERROR code expected)
CASES = {
    "too-long": (bytes([1, 1, 0xff, 0xff]), 4),
    "tampered-hash": (bytes([1, 1, 0, 68]) + os.urandom(68 + TRAILER), 5),
    "empty-request": (hashed(1, 1, b""), 4),
    "short-request": (hashed(1, 1, request()[:67]), 4),
    "version-2-only": (hashed(1, 1, request(versions=(2, 2))), 1),
    "no-common-suite": (hashed(1, 1, request(suites=0)), 2),
    "user-key-kind-3": (hashed(1, 1, request(kind=3)), 4),
    "transport-first": (hashed(1, 3, os.urandom(40)), 3),
}


def read_all(s):
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            return data
        data += chunk


def main():
    port = int(sys.argv[1])
    for name, (msg, want) in CASES.items():
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(msg)
            try:
                reply = read_all(s)
            except socket.timeout:
                print(name, "no close")
                continue
        if len(reply) > HEADER and reply[1] == 15:
            got = reply[HEADER]
            print(name, "error", got, "ok" if got == want else "want %d" % want)
        else:
            print(name, "no error:", reply[:8].hex())


main()
