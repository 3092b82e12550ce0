#!/usr/bin/python3
# keyscan.py KEY-FILE... -- FILE...: whether any FILE holds a symmetric
# user key that btiprov-loadgen -K kept ("1 HEX" files), as bytes or as
# hex in either case.  Exit 0 if none does, 1 if one does (each named),
# 2 if no key was read: a scan of nothing proves nothing.
import sys


def keys(paths):
    for p in paths:
        with open(p) as f:
            kind, _, text = f.read().strip().partition(" ")
        if kind == "1":
            yield p, bytes.fromhex(text)


def main(argv):
    if "--" not in argv:
        sys.exit("usage: keyscan.py KEY-FILE... -- FILE...")
    at = argv.index("--")
    found, n = False, 0
    datas = []
    for p in argv[at + 1:]:
        with open(p, "rb") as f:
            datas.append((p, f.read()))
    for kp, key in keys(argv[:at]):
        n += 1
        forms = (key, key.hex().encode(), key.hex().upper().encode())
        for p, data in datas:
            if any(form in data for form in forms):
                print(f"{p} holds the key of {kp}")
                found = True
    print(f"{n} keys looked for in {len(datas)} files")
    return 2 if not n else 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
