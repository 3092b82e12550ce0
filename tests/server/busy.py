#!/usr/bin/python3
"""A full btiprovd turns devices away with ERROR(busy) and a retry time.
Holds HOLD idle connections, from each SOURCE address of this host in
turn (127.0.0.1 if none), then connects twice more: once saying
nothing, once sending a REQUEST at once, as a device does.  Each must get
ERROR(busy) whose text is "retry-after=N" with RETRY <= N <= 2 RETRY, and
a closed connection.  Then each idle connection must be closed by the
server's request_timeout with ERROR(timeout).  Prints "ok", or what went
wrong.  usage: busy.py PORT HOLD RETRY LOG [SOURCE...]"""
import re
import socket
import sys
import time

import metrics

from wire import BUSY, TIMEOUT, error, read_all, request


def turned_away(port, retry, speak):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        if speak:
            s.sendall(request())
        got = error(read_all(s))
    if not got or got[0] != BUSY:
        return f"want ERROR({BUSY}), got {got}"
    m = re.fullmatch(r"retry-after=(\d+)", got[1])
    if not m or not retry <= int(m.group(1)) <= 2 * retry:
        return f"no retry time in {retry}..{2 * retry}: {got[1]!r}"
    return None


def sessions(log):
    _, _, body = metrics.get(metrics.port(log), "/metrics")
    return sum(v for k, v in metrics.parse(body.decode("utf-8")).items()
               if k.startswith("btiprovd_sessions{"))


def main():
    port, hold, retry = (int(a) for a in sys.argv[1:4])
    log = sys.argv[4]
    sources = sys.argv[5:] or ["127.0.0.1"]
    idle = [socket.create_connection(("127.0.0.1", port), timeout=30,
                                     source_address=(sources[i % len(sources)], 0))
            for i in range(hold)]
    # A connection is established in the kernel before a loop accepts
    # it; with several loops, a later one can be accepted first.
    for _ in range(50):
        if sessions(log) == hold:
            break
        time.sleep(0.1)
    else:
        print(f"the server does not count {hold} sessions")
        return 1
    for speak in (False, True):
        why = turned_away(port, retry, speak)
        if why:
            print("turned away" + (" after REQUEST" if speak else "") + ":", why)
            return 1
    for s in idle:
        got = error(read_all(s))
        s.close()
        if not got or got[0] != TIMEOUT:
            print(f"idle connection: want ERROR({TIMEOUT}), got {got}")
            return 1
    print("ok")
    return 0


sys.exit(main())
