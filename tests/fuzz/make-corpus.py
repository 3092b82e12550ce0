#!/usr/bin/python3
"""Write the fuzzer's seed corpus from Documentation/protocol-vectors.txt:
for each session, the device's REQUEST, KEY_TRANSPORT and USER_KEY (then a
configuration) at the depth where each belongs, in proto_fuzz.c's input
form: session, depth, then messages as a 2-byte length and their bytes."""
import os
import re

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.join(here, "..", "..")
text = open(os.path.join(top, "Documentation/protocol-vectors.txt")).read()
text = text.split("\nVoice channel\n")[0]    # the sessions the server speaks
sections = re.split(r"\n(?=Suite \d, user key kind \d)", text)[1:]
out = os.path.join(here, "corpus")
os.makedirs(out, exist_ok=True)
for i, section in enumerate(sections):
    device = {name: bytes.fromhex("".join(h.split()))
              for name, who, h in re.findall(
                  r"\n([A-Z_]+) \((device|server)\), \d+ bytes:\n((?:  [0-9a-f]+\n)+)",
                  section + "\n") if who == "device"}
    for depth, name in ((0, "REQUEST"), (1, "KEY_TRANSPORT"), (3, "USER_KEY")):
        m = device[name]
        data = bytes([i, depth]) + len(m).to_bytes(2, "big") + m
        if depth == 3:
            data += (4).to_bytes(2, "big") + b"cfg\n"
        with open(os.path.join(out, f"s{i}-d{depth}-{name.lower()}"), "wb") as f:
            f.write(data)
