"""Messages as a device sends them before keys, and the ERROR a server
answers with, for the server tests that speak the protocol by hand
(Documentation/protocol.rst, sections 2 and 4)."""
import hashlib
import os

HEADER, TRAILER = 4, 32
REQUEST, SERVER_HELLO, ERROR = 1, 2, 15
BUSY, TIMEOUT = 8, 10


def hashed(version, kind, body):
    """A message trailed by its hash, as every message before keys is."""
    m = bytes([version, kind, len(body) >> 8, len(body) & 0xff]) + body
    return m + hashlib.sha256(m).digest()


def request_body(versions=(1, 1), suites=3, kind=1, device_id=None):
    """REQUEST's body: a fresh nonce, and a random (so unknown) device id
    unless one is given."""
    if device_id is None:
        device_id = os.urandom(32)
    return bytes([versions[0], versions[1], suites, kind]) + os.urandom(32) + device_id


def request():
    """An unprovisioned device's REQUEST."""
    return hashed(1, REQUEST, request_body(device_id=bytes(32)))


def read_all(s):
    """What the server sends until it closes; a reset ends it as well."""
    data = b""
    while True:
        try:
            chunk = s.recv(65536)
        except ConnectionResetError:
            return data
        if not chunk:
            return data
        data += chunk


def error(reply):
    """(code, text) of the hashed ERROR that reply starts with, else None."""
    if len(reply) < HEADER + 2 + TRAILER or reply[1] != ERROR:
        return None
    end = HEADER + (reply[2] << 8 | reply[3])
    if end != HEADER + 2 + reply[5] or len(reply) < end + TRAILER:
        return None
    if hashlib.sha256(reply[:end]).digest() != reply[end:end + TRAILER]:
        return None
    return reply[4], reply[6:end].decode(errors="replace")
