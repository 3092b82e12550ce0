#!/usr/bin/python3
"""A flood against btiprovd: CONNS connections at once from SOURCE (an
address of this host), for SECONDS, each opened again as soon as the
server closes it.  In mode "idle" a connection sends nothing; in mode
"request" it sends a REQUEST and nothing more.  Prints how the server
ended them, at the end or on SIGTERM: "busy B timeout T other O", where
busy counts ERROR(busy) with a retry time, timeout ERROR(timeout), and
other anything else, a connection refused included.
usage: flood.py PORT SOURCE SECONDS CONNS idle|request"""
import re
import selectors
import signal
import socket
import sys
import time

from wire import BUSY, SERVER_HELLO, TIMEOUT, error, request


def verdict(reply):
    """ "busy", "timeout" or "other", for what a connection got."""
    if len(reply) >= 4 and reply[1] == SERVER_HELLO:
        # SERVER_HELLO, then the session timed out: what came after it
        reply = reply[4 + (reply[2] << 8 | reply[3]) + 32:]
    got = error(reply)
    if got and got[0] == BUSY and re.fullmatch(r"retry-after=\d+", got[1]):
        return "busy"
    return "timeout" if got and got[0] == TIMEOUT else "other"


def main():
    port, source = int(sys.argv[1]), sys.argv[2]
    seconds, conns, mode = float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    sel = selectors.DefaultSelector()
    got = {"busy": 0, "timeout": 0, "other": 0}
    end = time.monotonic() + seconds

    def stop(_sig, _frame):
        nonlocal end
        end = 0

    signal.signal(signal.SIGTERM, stop)

    def open_one():
        s = socket.socket()
        s.bind((source, 0))
        s.setblocking(False)
        try:
            s.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        sel.register(s, selectors.EVENT_WRITE, bytearray())

    for _ in range(conns):
        open_one()
    while time.monotonic() < end:
        for key, events in sel.select(timeout=0.2):
            s, reply = key.fileobj, key.data
            if events & selectors.EVENT_WRITE:
                sel.modify(s, selectors.EVENT_READ, reply)
                if mode == "request":
                    try:
                        s.send(request())
                    except OSError:
                        pass
                continue
            try:
                chunk = s.recv(65536)
            except OSError:
                chunk = b""
            if chunk:
                reply += chunk
                continue
            got[verdict(bytes(reply))] += 1
            sel.unregister(s)
            s.close()
            open_one()
    print(" ".join(f"{k} {v}" for k, v in got.items()))


main()
