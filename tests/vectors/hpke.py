#!/usr/bin/python3
"""An HPKE (RFC 9180) base-mode sender, DHKEM(P-256, HKDF-SHA256) and
HKDF-SHA256, written from the RFC on Python's cryptography package, apart
from the kernel's.  It checks itself against RFC 9180 A.3.1 and prints the
same inputs sealed with AES-256-GCM, bti's suite 1, for the kernel's tests."""
import hashlib
import hmac
import sys

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives import serialization


def extract(salt, ikm):
    return hmac.new(salt or bytes(32), ikm, hashlib.sha256).digest()


def expand(prk, info, n):
    out, t, i = b"", b"", 1
    while len(out) < n:
        t = hmac.new(prk, t + info + bytes([i]), hashlib.sha256).digest()
        out += t
        i += 1
    return out[:n]


def labeled_extract(suite, salt, label, ikm):
    return extract(salt, b"HPKE-v1" + suite + label + ikm)


def labeled_expand(suite, prk, label, info, n):
    return expand(prk, n.to_bytes(2, "big") + b"HPKE-v1" + suite + label + info, n)


def seal(aead_id, nk, skE, pkR, info, aad, pt):
    sk = ec.derive_private_key(int.from_bytes(skE, "big"), ec.SECP256R1())
    enc = sk.public_key().public_bytes(serialization.Encoding.X962,
                                       serialization.PublicFormat.UncompressedPoint)
    peer = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), pkR)
    dh = sk.exchange(ec.ECDH(), peer)
    kem = b"KEM" + (0x10).to_bytes(2, "big")
    eae_prk = labeled_extract(kem, b"", b"eae_prk", dh)
    shared = labeled_expand(kem, eae_prk, b"shared_secret", enc + pkR, 32)
    suite = b"HPKE" + bytes([0, 0x10, 0, 1, 0, aead_id])
    ctx = (b"\0" + labeled_extract(suite, b"", b"psk_id_hash", b"")
           + labeled_extract(suite, b"", b"info_hash", info))
    secret = labeled_extract(suite, shared, b"secret", b"")
    key = labeled_expand(suite, secret, b"key", ctx, nk)
    nonce = labeled_expand(suite, secret, b"base_nonce", ctx, 12)
    exporter = labeled_expand(suite, secret, b"exp", ctx, 32)
    ct = AESGCM(key).encrypt(nonce, pt, aad)
    return dict(enc=enc, shared_secret=shared, key=key, base_nonce=nonce,
                exporter_secret=exporter, ct=ct)


h = bytes.fromhex
A3 = dict(
    skE=h("4995788ef4b9d6132b249ce59a77281493eb39af373d236a1fe415cb0c2d7beb"),
    pkR=h("04fe8c19ce0905191ebc298a9245792531f26f0cece2460639e8bc39cb7f706a82"
          "6a779b4cf969b8a0e539c7f62fb3d30ad6aa8f80e30f1d128aafd68a2ce72ea0"),
    info=h("4f6465206f6e2061204772656369616e2055726e"),
    aad=h("436f756e742d30"),
    pt=h("4265617574792069732074727574682c20747275746820626561757479"),
)
A3_OUT = dict(
    enc=h("04a92719c6195d5085104f469a8b9814d5838ff72b60501e2c4466e5e67b325ac9"
          "8536d7b61a1af4b78e5b7f951c0900be863c403ce65c9bfcb9382657222d18c4"),
    shared_secret=h("c0d26aeab536609a572b07695d933b589dcf363ff9d93c93adea537aeabb8cb8"),
    key=h("868c066ef58aae6dc589b6cfdd18f97e"),
    base_nonce=h("4e0bc5018beba4bf004cca59"),
    exporter_secret=h("14ad94af484a7ad3ef40e9f3be99ecc6fa9036df9d4920548424df127ee0d99f"),
    ct=h("5ad590bb8baa577f8619db35a36311226a896e7342a6d836d8b7bcd2f20b6c7f90"
         "76ac232e3ab2523f39513434"),
)

got = seal(1, 16, **A3)
for k, v in A3_OUT.items():
    if got[k] != v:
        sys.exit(f"RFC 9180 A.3.1 {k}: got {got[k].hex()}, want {v.hex()}")

if __name__ == "__main__":
    print("RFC 9180 A.3.1 (AES-128-GCM): all values match")
    print("Same inputs, AES-256-GCM (aead_id 2):")
    for k, v in seal(2, 32, **A3).items():
        print(f"  {k} = {v.hex()}")
