#!/usr/bin/python3
"""The device and server sides of Documentation/protocol.rst, versions 1
and 2, written from the document alone on Python's cryptography package,
apart from the kernel's and btiprovd's code.  Run, it prints the test
vectors of every message for both suites and both user-key kinds from
fixed inputs, then version 2's sessions, in the form
Documentation/protocol-vectors.txt holds."""
import hashlib
import hmac
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import hpke  # noqa: E402
import oaep  # noqa: E402

REQUEST, SERVER_HELLO, KEY_TRANSPORT, KEY_CONFIRM = 1, 2, 3, 4
AUTH_RESULT, USER_KEY, PROVISIONED, ERROR = 5, 6, 7, 15
ATTESTATION, REFRESH, CONFIG_PIECE, FINISHED = 8, 9, 10, 11
PROVISIONING, REFRESHING = 1, 2     # KEY_TRANSPORT's purpose, version 2
E_REVOKED, E_UNKNOWN = 13, 14
PIECE = 16384


CONFIG = b"sip:+15555550100@voice.bti.test;codec=PCMU"
# two pieces: 20000 bytes of numbered lines
LONG_CONFIG = b"".join(b"line %05d: sip:+15555550100@voice.bti.test;codec=PCMU\n" % i
                       for i in range(400))[:20000]


def sha256(b):
    return hashlib.sha256(b).digest()


def mac(key, b):
    return hmac.new(key, b, hashlib.sha256).digest()


def fixed(label, n=32):
    """A fixed input: the first n bytes of SHA-256 of its name."""
    return sha256(b"bti vector " + label.encode())[:n]


def p256_public(sk):
    key = ec.derive_private_key(int.from_bytes(sk, "big"), ec.SECP256R1())
    return key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


def p256_dh(sk, pk):
    key = ec.derive_private_key(int.from_bytes(sk, "big"), ec.SECP256R1())
    return key.exchange(ec.ECDH(), ec.EllipticCurvePublicKey.from_encoded_point(
        ec.SECP256R1(), pk))


def len16(b):
    return len(b).to_bytes(2, "big") + b


def nonce(i):
    return bytes(8) + i.to_bytes(4, "big")


class Session:
    """One session's transcript and keys, as both sides compute them."""

    def __init__(self, version=1):
        self.version = version
        self.t = b""
        self.keys = None
        self.messages = []
        self.proofs = []

    def header(self, mtype, body_len):
        return bytes([self.version, mtype]) + body_len.to_bytes(2, "big")

    def frame(self, mtype, body, sender, version=None):
        header = self.header(mtype, len(body))
        if version is not None:
            header = bytes([version]) + header[1:]
        if self.keys is None:
            trailer = sha256(header + body)
        else:
            trailer = mac(self.keys["mac_ds" if sender == "d" else "mac_sd"],
                          self.th() + header + body)
        self.t += header + body
        msg = header + body + trailer
        self.messages.append((mtype, sender, msg))
        return header

    def th(self):
        return sha256(self.t)


def derive(session_key, dn, sn, kn, th2):
    prk = hmac.new(dn + sn + kn, session_key, hashlib.sha256).digest()
    return {name: hpke.expand(prk, b"bti v1 " + label + th2, 32)
            for name, label in [("mac_ds", b"mac ds"), ("mac_sd", b"mac sd"),
                                ("enc_ds", b"enc ds"), ("enc_sd", b"enc sd"),
                                ("confirm", b"confirm")]}


def chain(suite):
    leaf = "server-p256.pem" if suite == 1 else "server-rsa.pem"
    return [x509.load_pem_x509_certificate(
        open(os.path.join(here, "pki", f), "rb").read()).public_bytes(
            serialization.Encoding.DER) for f in (leaf, "ca.pem")]


def leaf_key(suite):
    cert = x509.load_der_x509_certificate(chain(suite)[0])
    pub = cert.public_key()
    if suite == 1:
        return pub.public_bytes(serialization.Encoding.X962,
                                serialization.PublicFormat.UncompressedPoint)
    return pub


# KEY_CONFIRM's voice channel: 192.0.2.1 port 5004, the two SSRCs
VOICE = (bytes([4, 192, 0, 2, 1]) + (5004).to_bytes(2, "big") +
         (0x11223344).to_bytes(4, "big") + (0x55667788).to_bytes(4, "big"))


def wrap_kek(suite, th2, kek):
    """wrapped_kek: HPKE for suite 1, OAEP for suite 2, from fixed draws."""
    label = b"bti v1 kek" + th2
    if suite == 1:
        out = hpke.seal(2, 32, fixed("hpke ephemeral key"), leaf_key(1), label,
                        b"", kek)
        return out["enc"] + out["ct"]
    pub = leaf_key(2)
    k = pub.key_size // 8
    em = oaep.oaep_encode(kek, label, fixed("oaep seed"), k)
    n, e = pub.public_numbers().n, pub.public_numbers().e
    return pow(int.from_bytes(em, "big"), e, n).to_bytes(k, "big")


def draws(kind):
    """Every session's fixed inputs; the user key is of the given kind."""
    device_sk = fixed("device identity key")
    device_pk = p256_public(device_sk)
    return (device_sk, device_pk, fixed("device nonce"), fixed("server nonce"),
            fixed("key nonce"), fixed("kek"), fixed("session key"),
            fixed("audio master key", 16), fixed("audio master salt", 12),
            fixed("server ephemeral key"),
            fixed("user key") if kind == 1 else device_pk, fixed("old user key"))


def run(suite, kind, reprovision=False, offer=(1, 1)):
    s = Session()
    (device_sk, device_pk, dn, sn, kn, kek, sk, audio_key, audio_salt, eph_sk,
     user_key, old_user_key) = draws(kind)

    # a re-provisioning device is named by its bound key: here of the same kind
    bound_id = (sha256(b"bti v1 user key id" + old_user_key) if kind == 1
                else sha256(device_pk))
    s.frame(REQUEST, bytes([offer[0], offer[1], 0b11, kind]) + dn +
            (bound_id if reprovision else bytes(32)), "d")

    body = bytes([suite]) + sn + p256_public(eph_sk)
    body += len16(b"".join(len16(c) for c in chain(suite)))
    s.frame(SERVER_HELLO, body, "s")
    th2 = s.th()

    wrapped = wrap_kek(suite, th2, kek)
    header = bytes([1, KEY_TRANSPORT])
    plain = sk + audio_key + audio_salt + kn
    prefix = len16(wrapped)
    body_len = len(prefix) + len(plain) + 16
    aad = header + body_len.to_bytes(2, "big") + prefix
    sealed = AESGCM(kek).encrypt(bytes(12), plain, aad)
    s.keys = derive(sk, dn, sn, kn, th2)
    s.frame(KEY_TRANSPORT, prefix + sealed, "d")

    confirm = mac(s.keys["confirm"], b"bti v1 server confirm" + s.th())
    s.frame(KEY_CONFIRM, confirm + VOICE, "s")

    # a wrong entry with one more to come, then the right one
    s.frame(AUTH_RESULT, bytes([1, 1]), "s")
    s.frame(AUTH_RESULT, bytes([0, 0]), "s")

    header = bytes([1, USER_KEY])
    th = s.th()
    sealed_len = len(user_key) + 16
    body_len = 2 + sealed_len + 32
    aad = header + body_len.to_bytes(2, "big") + th
    sealed = AESGCM(s.keys["enc_ds"]).encrypt(nonce(1), user_key, aad)
    if not reprovision:
        proof = bytes(32)
    elif kind == 1:
        proof = mac(old_user_key, b"bti v1 reprovision" + th)
    else:
        proof = dh_proof(device_sk, p256_public(eph_sk), b"bti v1 reprovision", th)
    s.frame(USER_KEY, len16(sealed) + proof, "d")

    header = bytes([1, PROVISIONED])
    config = CONFIG
    body_len = 2 + len(config) + 16
    aad = header + body_len.to_bytes(2, "big") + s.th()
    s.frame(PROVISIONED, len16(AESGCM(s.keys["enc_sd"]).encrypt(nonce(1), config, aad)), "s")
    return s


def dh_proof(device_sk, ephemeral, label, th):
    """A proof of the device's identity key: a MAC under a key from ECDH
    with the server's ephemeral key (sections 4.2, 7 and 7.1)."""
    prk = hmac.new(th, p256_dh(device_sk, ephemeral), hashlib.sha256).digest()
    return mac(hpke.expand(prk, label, 32), th)


def device_chain():
    return [x509.load_pem_x509_certificate(
        open(os.path.join(here, "pki", f), "rb").read()).public_bytes(
            serialization.Encoding.DER) for f in ("device.pem", "maker-ca.pem")]


def seal_body(s, mtype, key, i, plain, tail=b""):
    """sealed_len | sealed | tail, sealed with aad = header | TH(T)."""
    header = s.header(mtype, 2 + len(plain) + 16 + len(tail))
    return len16(AESGCM(key).encrypt(nonce(i), plain, header + s.th())) + tail


def run2(suite, kind, purpose=PROVISIONING, reprovision=False, attested=True,
         config=CONFIG, version=1, held=0, refused=None):
    """A version 2 session: provisioning, or a refresh (section 4.2) of a
    binding of the given kind, holding configuration version held."""
    s = Session(2)
    (device_sk, device_pk, dn, sn, kn, kek, sk, audio_key, audio_salt, eph_sk,
     user_key, old_user_key) = draws(kind)
    eph_pk = p256_public(eph_sk)
    bound = reprovision or purpose == REFRESHING

    bound_id = (sha256(b"bti v1 user key id" + old_user_key) if kind == 1
                else sha256(device_pk))
    low = 2 if purpose == REFRESHING else 1
    s.frame(REQUEST, bytes([low, 2, 0b11, kind]) + dn +
            (bound_id if bound else bytes(32)), "d", version=low)

    body = bytes([suite]) + sn + eph_pk
    body += len16(b"".join(len16(c) for c in chain(suite)))
    s.frame(SERVER_HELLO, body, "s")
    th2 = s.th()

    wrapped = wrap_kek(suite, th2, kek)
    plain = sk + audio_key + audio_salt + kn
    prefix = bytes([purpose]) + len16(wrapped)
    aad = s.header(KEY_TRANSPORT, len(prefix) + len(plain) + 16) + prefix
    s.keys = derive(sk, dn, sn, kn, th2)
    s.frame(KEY_TRANSPORT, prefix + AESGCM(kek).encrypt(bytes(12), plain, aad), "d")

    if attested:
        certs = b"".join(len16(c) for c in device_chain())
        proof = dh_proof(device_sk, eph_pk, b"bti v2 attestation", s.th())
        s.proofs.append(("attestation proof", proof))
    else:
        certs, proof = b"", bytes(32)
    s.frame(ATTESTATION, seal_body(s, ATTESTATION, s.keys["enc_ds"], 1,
                                len16(certs) + proof), "d")
    if refused:
        code, text = refused
        s.frame(ERROR, bytes([code, len(text)]) + text, "s")
        return s

    confirm = mac(s.keys["confirm"], b"bti v1 server confirm" + s.th())
    if purpose == PROVISIONING:
        s.frame(KEY_CONFIRM, confirm + VOICE, "s")
        s.frame(AUTH_RESULT, bytes([1, 1]), "s")
        s.frame(AUTH_RESULT, bytes([0, 0]), "s")
        th = s.th()
        if not reprovision:
            proof = bytes(32)
        elif kind == 1:
            proof = mac(old_user_key, b"bti v1 reprovision" + th)
        else:
            proof = dh_proof(device_sk, eph_pk, b"bti v1 reprovision", th)
        if reprovision:
            s.proofs.append(("re-provisioning proof", proof))
        s.frame(USER_KEY, seal_body(s, USER_KEY, s.keys["enc_ds"], 2, user_key,
                                 proof), "d")
    else:
        s.frame(KEY_CONFIRM, confirm, "s")
        th = s.th()
        if kind == 1:
            proof = mac(old_user_key, b"bti v2 refresh" + th)
        else:
            proof = dh_proof(device_sk, eph_pk, b"bti v2 refresh", th)
        s.proofs.append(("refresh proof", proof))
        s.frame(REFRESH, held.to_bytes(8, "big") + proof, "d")

    if purpose == REFRESHING and version == held:
        config = b""
    s.frame(PROVISIONED, seal_body(s, PROVISIONED, s.keys["enc_sd"], 1,
                                version.to_bytes(8, "big") +
                                len(config).to_bytes(4, "big")), "s")
    for i in range(0, len(config), PIECE):
        s.frame(CONFIG_PIECE, seal_body(s, CONFIG_PIECE, s.keys["enc_sd"],
                                     2 + i // PIECE, config[i:i + PIECE]), "s")
    s.frame(FINISHED, b"", "d")
    return s


def srtp_kdf(master_key, master_salt, label, n):
    """RFC 3711 4.3.1 with a key derivation rate of 0.  RFC 7714's 96-bit
    master salt times 2^16 is RFC 3711's 112-bit one (erratum 4938)."""
    x = bytearray(master_salt + bytes(2))
    x[7] ^= label
    ctr = Cipher(algorithms.AES(master_key), modes.CTR(bytes(x) + bytes(2)))
    return ctr.encryptor().update(bytes(n))


# The voice channel's fixed inputs: each side's first frame.
VOICE_FRAMES = (("device", 0x11223344, 0x1234, 0x5678ABCD, False),
                ("server", 0x55667788, 0xABCD, 0x01020304, True))


def voice():
    """The session keys, and each side's first frame, plain and sealed."""
    master_key = fixed("audio master key", 16)
    master_salt = fixed("audio master salt", 12)
    key = srtp_kdf(master_key, master_salt, 0, 16)
    salt = srtp_kdf(master_key, master_salt, 2, 12)
    frames = []
    for side, ssrc, seq, ts, marker in VOICE_FRAMES:
        header = bytes([0x80, (0x80 if marker else 0) | 0])
        header += seq.to_bytes(2, "big") + ts.to_bytes(4, "big")
        header += ssrc.to_bytes(4, "big")
        payload = bytes([0xFF]) * 160
        # RFC 7714 8.1: 00 00 | SSRC | ROC | SEQ, XOR the session salt
        iv = bytes(2) + ssrc.to_bytes(4, "big") + bytes(4) + seq.to_bytes(2, "big")
        iv = bytes(a ^ b for a, b in zip(iv, salt))
        sealed = header + AESGCM(key).encrypt(iv, payload, header)
        frames.append((side, header + payload, sealed))
    return key, salt, frames


NAMES = {REQUEST: "REQUEST", SERVER_HELLO: "SERVER_HELLO",
         KEY_TRANSPORT: "KEY_TRANSPORT", KEY_CONFIRM: "KEY_CONFIRM",
         AUTH_RESULT: "AUTH_RESULT", USER_KEY: "USER_KEY",
         PROVISIONED: "PROVISIONED", ERROR: "ERROR",
         ATTESTATION: "ATTESTATION", REFRESH: "REFRESH",
         CONFIG_PIECE: "CONFIG", FINISHED: "FINISHED"}


def hexdump(b):
    h = b.hex()
    for i in range(0, len(h), 64):
        print("  " + h[i:i + 64])


def dump(title, s):
    print(title)
    print("=" * len(title))
    for name in ("mac_ds", "mac_sd", "enc_ds", "enc_sd", "confirm"):
        print(f"K_{name}: {s.keys[name].hex()}")
    for what, proof in s.proofs:
        print(f"{what}: {proof.hex()}")
    for mtype, sender, msg in s.messages:
        who = "device" if sender == "d" else "server"
        if len(msg) <= 2048:
            print(f"\n{NAMES[mtype]} ({who}), {len(msg)} bytes:")
            hexdump(msg)
            continue
        # a piece of a long configuration: its ends and its hash
        print(f"\n{NAMES[mtype]} ({who}), {len(msg)} bytes, "
              f"SHA-256 {sha256(msg).hex()},")
        print("the first 64 bytes:")
        hexdump(msg[:64])
        print("the last 64 bytes:")
        hexdump(msg[-64:])
    print()


if __name__ == "__main__":
    print("Inputs: SHA-256(\"bti vector \" | name), truncated where shorter,")
    print("for each of: device identity key, device nonce, server nonce, key")
    print("nonce, kek, session key, audio master key (16), audio master salt")
    print("(12), server ephemeral key, hpke ephemeral key, oaep seed, user key,")
    print("old user key. Certificates: tests/vectors/pki. The subscriber first")
    print("mistypes, then keys the right credentials.\n")
    for suite in (1, 2):
        for kind in (1, 2):
            dump(f"Suite {suite}, user key kind {kind}", run(suite, kind))
    dump("Suite 1, user key kind 2, re-provisioning", run(1, 2, True))
    dump("Suite 1, user key kind 1, re-provisioning", run(1, 1, True))
    key, salt, frames = voice()
    print("Voice channel")
    print("=============")
    print("The audio master key and salt above, and KEY_CONFIRM's SSRCs. The")
    print("device's first frame: sequence number 0x1234, timestamp 0x5678abcd;")
    print("the server's: 0xabcd, 0x01020304, the marker bit set; both with the")
    print("ROC at 0 and 160 bytes of mu-law silence (0xff).")
    print(f"SRTP session key: {key.hex()}")
    print(f"SRTP session salt: {salt.hex()}")
    for side, plain, sealed in frames:
        for what, b in (("RTP", plain), ("SRTP", sealed)):
            print(f"\n{what} ({side}), {len(b)} bytes:")
            h = b.hex()
            for i in range(0, len(h), 64):
                print("  " + h[i:i + 64])
    print()
    dump("Suite 1, user key kind 2, a device offering versions 1 to 2",
         run(1, 2, offer=(1, 2)))
    dump("Version 2, suite 1, user key kind 2, attested", run2(1, 2))
    dump("Version 2, suite 2, user key kind 1, not attested, a long configuration",
         run2(2, 1, attested=False, config=LONG_CONFIG))
    dump("Version 2, suite 1, user key kind 1, re-provisioning, attested",
         run2(1, 1, reprovision=True, version=2))
    dump("Version 2, suite 1, refresh of a kind 1 binding, a new configuration",
         run2(1, 1, REFRESHING, version=2, held=1))
    dump("Version 2, suite 1, refresh of a kind 2 binding, configuration current",
         run2(1, 2, REFRESHING, version=2, held=2))
    dump("Version 2, suite 1, refresh of a revoked kind 2 binding",
         run2(1, 2, REFRESHING, refused=(E_REVOKED, b"binding revoked")))
    dump("Version 2, suite 1, refresh of a kind 1 binding the server does not hold",
         run2(1, 1, REFRESHING, refused=(E_UNKNOWN, b"binding unknown")))
