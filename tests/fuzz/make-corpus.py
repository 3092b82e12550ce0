#!/usr/bin/python3
"""Write the fuzzer's seed corpus from Documentation/protocol-vectors.txt:
for each session, version 1's before the voice channel and then those
after it, in proto_fuzz.c's order, the device's messages at the depth
where each belongs, in proto_fuzz.c's input form: session, depth, then
messages as a 2-byte length and their bytes; and for an attested version
2 session, ATTESTATION's plaintext, for the fuzzer to seal."""
import os
import re

from cryptography import x509
from cryptography.hazmat.primitives import serialization

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.join(here, "..", "..")
text = open(os.path.join(top, "Documentation/protocol-vectors.txt")).read()
before, after = text.split("\nVoice channel\n")
title = r"\n(?=(?:Suite|Version) \d, )"
sections = re.split(title, before)[1:] + re.split(title, after)[1:]
# depth 3 follows the vectors' AUTH_RESULTs, (1, 1) and (0, 0), in a call,
# and ATTESTATION in version 2; a configuration then comes from the input
SEEDS = ((0, ("REQUEST",)), (1, ("KEY_TRANSPORT", "ATTESTATION")),
         (3, ("USER_KEY", "cfg", "FINISHED")), (3, ("REFRESH", "FINISHED")))
out = os.path.join(here, "corpus")
os.makedirs(out, exist_ok=True)
for i, section in enumerate(sections):
    device = {name: bytes.fromhex("".join(h.split()))
              for name, who, h in re.findall(
                  r"\n([A-Z_]+) \((device|server)\), \d+ bytes:\n((?:  [0-9a-f]+\n)+)",
                  section + "\n") if who == "device"}
    device["cfg"] = b"cfg\n"
    for depth, names in SEEDS:
        if names[0] not in device:
            continue
        data = bytes([i, depth])
        for m in (device[n] for n in names if n in device):
            data += len(m).to_bytes(2, "big") + m
        with open(os.path.join(out, f"s{i}-d{depth}-{names[0].lower()}"), "wb") as f:
            f.write(data)
    proof = re.search(r"\nattestation proof: ([0-9a-f]+)\n", section)
    if proof:
        chain = b"".join(
            len(d).to_bytes(2, "big") + d for d in (
                x509.load_pem_x509_certificate(open(os.path.join(
                    top, "tests/vectors/pki", f), "rb").read()).public_bytes(
                        serialization.Encoding.DER)
                for f in ("device.pem", "maker-ca.pem")))
        plain = len(chain).to_bytes(2, "big") + chain + bytes.fromhex(proof[1])
        with open(os.path.join(out, f"s{i}-d2-sealed-attestation"), "wb") as f:
            f.write(bytes([i, 0x82]) + len(plain).to_bytes(2, "big") + plain)
