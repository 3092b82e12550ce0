#!/usr/bin/python3
"""A relay between devices and btiprovd that attacks what it carries.

usage: relay.py LISTEN-PORT SERVER-PORT MODE [PKI-DIR]
  mitm       SERVER_HELLO's chain becomes the relay's own (PKI-DIR's
             rogue.pem and rogue-ca.pem), its hash trailer recomputed, as a
             man in the middle holding another CA's certificate would send
  flip-T     one bit flipped in the middle of the first message of type T,
             whichever way it goes
  replay-hello      the first session's SERVER_HELLO, given to the device
             in every later session instead of the server's own
  replay-transport  the first session's KEY_TRANSPORT, given to the server
             in every later session instead of the device's own
  swallow    SERVER_HELLO never reaches the device
  kill-at-auth      in the first session, AUTH_RESULT is held back and
             PKI-DIR/kill-trigger written, for the host to kill the server;
             the device's connection closes once the server's has
Messages are Documentation/protocol.rst's: a 4-byte header, the body, a
32-byte trailer."""
import hashlib
import socket
import ssl
import sys
import threading
import time

HEADER, TRAILER = 4, 32
HELLO, TRANSPORT, AUTH_RESULT = 2, 3, 5
recorded = {}
sessions = 0


def read_exact(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def read_msg(s):
    head = read_exact(s, HEADER)
    body = head and read_exact(s, (head[2] << 8 | head[3]) + TRAILER)
    return head + body if body else None


def rogue_chain(pki):
    chain = b""
    for name in ("rogue.pem", "rogue-ca.pem"):
        with open(f"{pki}/{name}") as f:
            der = ssl.PEM_cert_to_DER_cert(f.read())
        chain += len(der).to_bytes(2, "big") + der
    return chain


class Session:
    def __init__(self, mode, pki, first):
        self.mode, self.pki, self.first = mode, pki, first
        self.transcript = b""
        self.flipped = False
        self.lock = threading.Lock()

    def replay(self, m, kind):
        """The first session's message of @kind, in later ones."""
        if m[1] != kind:
            return m
        if self.first:
            recorded[kind] = m
            return m
        return recorded.get(kind, m)

    def alter(self, m):
        """What to pass on for @m; None holds it back."""
        with self.lock:
            if self.mode == "replay-hello":
                m = self.replay(m, HELLO)
            elif self.mode == "replay-transport":
                m = self.replay(m, TRANSPORT)
            elif self.mode == "swallow" and m[1] == HELLO:
                return None
            elif self.mode == "kill-at-auth" and self.first and m[1] == AUTH_RESULT:
                with open(f"{self.pki}/kill-trigger", "w") as f:
                    f.write("now\n")
                return None
            elif self.mode == "mitm" and m[1] == HELLO:
                body = m[HEADER:-TRAILER]
                chain = rogue_chain(self.pki)
                body = body[:98] + len(chain).to_bytes(2, "big") + chain
                m = bytes([m[0], m[1], len(body) >> 8, len(body) & 0xff]) + body
                m += hashlib.sha256(self.transcript + m).digest()
            elif (self.mode == f"flip-{m[1]}" and not self.flipped and
                  len(m) > HEADER + TRAILER):
                self.flipped = True
                i = HEADER + (len(m) - HEADER - TRAILER) // 2
                m = m[:i] + bytes([m[i] ^ 0x10]) + m[i + 1:]
            self.transcript += m[:-TRAILER]
            return m


def pump(src, dst, session):
    try:
        while True:
            m = read_msg(src)
            if m is None:
                break
            m = session.alter(m)
            if m is not None:
                dst.sendall(m)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def upstream(server_port):
    """The server; one the host restarted after a kill may take a few
    seconds to listen again, and the device's retry must not race it."""
    for _ in range(100):
        try:
            return socket.create_connection(("127.0.0.1", server_port))
        except OSError:
            time.sleep(0.1)
    return None


def serve(conn, server_port, mode, pki):
    global sessions
    sessions += 1
    up = upstream(server_port)
    if up is None:
        conn.close()
        return
    session = Session(mode, pki, sessions == 1)
    threading.Thread(target=pump, args=(up, conn, session), daemon=True).start()
    pump(conn, up, session)


def main():
    listen, server_port, mode = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    pki = sys.argv[4] if len(sys.argv) > 4 else "."
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", listen))
    ls.listen(8)
    print("listening", flush=True)
    while True:
        conn, _ = ls.accept()
        threading.Thread(target=serve, args=(conn, server_port, mode, pki),
                         daemon=True).start()


main()
