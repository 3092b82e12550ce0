#!/usr/bin/python3
"""RSA-OAEP-SHA256 (RFC 8017 7.1.1) encoding with a fixed seed, written
from the RFC apart from the kernel's, for the kernel's known answers.
Each answer is checked by decrypting it with Python's cryptography package,
whose OAEP decoding is OpenSSL's.  rsa2048-test.pem and rsa1024-test.pem
are test keys, made for this and used for nothing else; the second is too
short for bti."""
import hashlib
import os
import sys

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

here = os.path.dirname(os.path.abspath(__file__))
key = serialization.load_pem_private_key(
    open(os.path.join(here, "rsa2048-test.pem"), "rb").read(), None)
pub = key.public_key()
n, e = pub.public_numbers().n, pub.public_numbers().e
k = (n.bit_length() + 7) // 8


def mgf1(seed, length):
    out, c = b"", 0
    while len(out) < length:
        out += hashlib.sha256(seed + c.to_bytes(4, "big")).digest()
        c += 1
    return out[:length]


def oaep_encode(msg, label, seed, k=k):
    lhash = hashlib.sha256(label).digest()
    db = lhash + bytes(k - len(msg) - 2 * 32 - 2) + b"\x01" + msg
    masked_db = bytes(a ^ b for a, b in zip(db, mgf1(seed, k - 33)))
    masked_seed = bytes(a ^ b for a, b in zip(seed, mgf1(masked_db, 32)))
    return b"\x00" + masked_seed + masked_db


msg = bytes(range(0x40, 0x60))          # a 32-byte KEK
label = b"bti kek"
seed = hashlib.sha256(b"bti oaep test seed").digest()
em = oaep_encode(msg, label, seed)
ct = pow(int.from_bytes(em, "big"), e, n).to_bytes(k, "big")
back = key.decrypt(ct, padding.OAEP(padding.MGF1(hashes.SHA256()),
                                    hashes.SHA256(), label))
if back != msg:
    sys.exit("OpenSSL does not decode our OAEP encoding")

der_pub = pub.public_bytes(serialization.Encoding.DER,
                           serialization.PublicFormat.PKCS1)
der_priv = key.private_bytes(serialization.Encoding.DER,
                             serialization.PrivateFormat.TraditionalOpenSSL,
                             serialization.NoEncryption())
small = serialization.load_pem_private_key(
    open(os.path.join(here, "rsa1024-test.pem"), "rb").read(), None
).public_key().public_bytes(serialization.Encoding.DER,
                            serialization.PublicFormat.PKCS1)

if __name__ == "__main__":
    for name, v in [("pub", der_pub), ("priv", der_priv), ("msg", msg),
                    ("label", label), ("seed", seed), ("em", em), ("ct", ct)]:
        print(f"{name} = {v.hex()}")
