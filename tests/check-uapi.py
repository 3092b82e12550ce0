#!/usr/bin/python3
"""Check uapi/linux/bti.h and the netlink documentation against the YNL
spec, which is the source of the ABI.  The kernel's request policies are
generated from it (tests/netlink-gen.sh checks them)."""
import os
import re
import subprocess
import sys
import tempfile

import yaml

top = sys.argv[1] if len(sys.argv) > 1 else "."
spec = yaml.safe_load(open(os.path.join(top, "Documentation/netlink/specs/bti.yaml")))
header = open(os.path.join(top, "uapi/linux/bti.h")).read()
doc = open(os.path.join(top, "Documentation/netlink.rst")).read()


def c(*parts):
    return "_".join(p.upper().replace("-", "_") for p in parts)


# Every constant the spec implies, with its value.
want = {}
for d in spec["definitions"]:
    for i, e in enumerate(d["entries"], d.get("value-start", 0)):
        want[c("bti", d["name"], e)] = i
for s in spec["attribute-sets"]:
    for i, a in enumerate(s["attributes"], 1):
        want[c("bti_a", s["name"], a["name"])] = i
for i, op in enumerate(spec["operations"]["list"], 1):
    want[c("bti_cmd", op["name"])] = i
want["BTI_FAMILY_VERSION"] = spec["version"]

errors = []

# The header may hold nothing the spec does not.
declared = set(re.findall(r"^\s+(BTI_[A-Z0-9_]+)\s*[,=]", header, re.M))
declared = {n for n in declared if not n.endswith("_MAX")}
for extra in sorted(declared - set(want)):
    errors.append(f"{extra} is in the header but not the spec")

strings = {"BTI_FAMILY_NAME": spec["name"],
           "BTI_MCGRP_EVENTS": spec["mcast-groups"]["list"][0]["name"]}

with tempfile.TemporaryDirectory() as tmp:
    src = os.path.join(tmp, "v.c")
    with open(src, "w") as f:
        f.write('#include <stdio.h>\n#include <linux/bti.h>\nint main(void){\n')
        for name in want:
            f.write(f'printf("{name} %d\\n", (int){name});\n')
        for name in strings:
            f.write(f'printf("{name} %s\\n", {name});\n')
        f.write("return 0;}\n")
    exe = os.path.join(tmp, "v")
    r = subprocess.run(["cc", "-I", os.path.join(top, "uapi"), "-o", exe, src],
                       capture_output=True, text=True)
    if r.returncode:
        errors.append("the header lacks constants the spec names:\n" + r.stderr)
    else:
        got = dict(l.split(" ", 1) for l in subprocess.run(
            [exe], capture_output=True, text=True, check=True).stdout.splitlines())
        for name, value in want.items():
            if got[name] != str(value):
                errors.append(f"{name} is {got[name]}, the spec says {value}")
        for name, value in strings.items():
            if got[name] != value:
                errors.append(f"{name} is {got[name]}, the spec says {value}")

# The documentation names every operation and attribute.
for op in spec["operations"]["list"]:
    if f"``{op['name']}``" not in doc:
        errors.append(f"Documentation/netlink.rst does not describe {op['name']}")
for s in spec["attribute-sets"]:
    for a in s["attributes"]:
        if a["type"] != "pad" and f"``{a['name']}``" not in doc:
            errors.append(f"Documentation/netlink.rst does not describe {s['name']}.{a['name']}")

for e in errors:
    print(e)
if errors:
    sys.exit(1)
print(f"header and documentation match the spec ({len(want)} constants)")
