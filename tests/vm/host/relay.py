#!/usr/bin/python3
"""A relay between devices and btiprovd that attacks what it carries.

usage: relay.py LISTEN-PORT SERVER-PORT MODE [PKI-DIR]
  mitm       SERVER_HELLO's chain becomes the relay's own (PKI-DIR's
             rogue.pem and rogue-ca.pem), its hash trailer recomputed, as a
             man in the middle holding another CA's certificate would send
  flip-T     one bit flipped in the middle of the first message of type T,
             whichever way it goes
Messages are Documentation/protocol.rst's: a 4-byte header, the body, a
32-byte trailer."""
import hashlib
import socket
import ssl
import sys
import threading

HEADER, TRAILER, HELLO = 4, 32, 2


def read_msg(s):
    head = b""
    while len(head) < HEADER:
        chunk = s.recv(HEADER - len(head))
        if not chunk:
            return None
        head += chunk
    need = (head[2] << 8 | head[3]) + TRAILER
    body = b""
    while len(body) < need:
        chunk = s.recv(need - len(body))
        if not chunk:
            return None
        body += chunk
    return head + body


def rogue_chain(pki):
    chain = b""
    for name in ("rogue.pem", "rogue-ca.pem"):
        with open(f"{pki}/{name}") as f:
            der = ssl.PEM_cert_to_DER_cert(f.read())
        chain += len(der).to_bytes(2, "big") + der
    return chain


class Session:
    def __init__(self, mode, pki):
        self.mode, self.pki = mode, pki
        self.transcript = b""
        self.flipped = False
        self.lock = threading.Lock()

    def alter(self, m):
        with self.lock:
            if self.mode == "mitm" and m[1] == HELLO:
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
            dst.sendall(session.alter(m))
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def serve(conn, server_port, mode, pki):
    up = socket.create_connection(("127.0.0.1", server_port))
    session = Session(mode, pki)
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
