"""Scrape btiprovd's metrics, checked against Prometheus's text format
(version 0.0.4, as the Prometheus documentation's "Exposition formats"
gives it), and print each sample summed over the servers: one line
"NAME{LABELS} VALUE" each, sorted.

usage: metrics.py [--healthz] SERVER-LOG...
  Each server's metrics port is in its log (event=metrics port=N).
  --healthz: print each server's /healthz status instead."""
import re
import sys
import urllib.error
import urllib.request

SAMPLE = re.compile(
    r'^([a-zA-Z_:][a-zA-Z0-9_:]*)'
    r'(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*"'
    r'(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*")*)?\})?'
    r' (-?[0-9.e+-]+|\+Inf|-Inf|NaN)$')
TYPES = {"counter", "gauge", "histogram", "summary", "untyped"}


def port(log):
    with open(log, encoding="utf-8") as f:
        for line in f:
            m = re.search(r"event=metrics port=([0-9]+)", line)
            if m:
                return int(m.group(1))
    sys.exit(f"{log}: no metrics port")


def get(p, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{p}{path}",
                                    timeout=10) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, "", b""


def family(name, types):
    """The family a sample belongs to: a histogram's _bucket, _sum and
    _count are its own."""
    for suffix in ("_bucket", "_sum", "_count"):
        base = name[:-len(suffix)]
        if name.endswith(suffix) and types.get(base) == "histogram":
            return base
    return name


def parse(text):
    """Samples as {name{labels}: value}; exits on what the format
    forbids: a sample before its TYPE, a family's samples apart, a
    histogram whose buckets fall or whose +Inf is not its count."""
    types, seen, samples, last = {}, set(), {}, None
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ", 3)
            if kind not in TYPES or name in types:
                sys.exit(f"bad TYPE: {line}")
            types[name] = kind
            continue
        if line.startswith("#"):
            continue
        m = SAMPLE.match(line)
        if not m:
            sys.exit(f"not a sample: {line!r}")
        fam = family(m.group(1), types)
        if fam not in types:
            sys.exit(f"sample before its TYPE: {line}")
        if fam != last and fam in seen:
            sys.exit(f"{fam}: its samples are not together")
        seen.add(fam)
        last = fam
        key = m.group(1) + (m.group(2) or "")
        if key in samples:
            sys.exit(f"{key} twice")
        samples[key] = float(m.group(3))
    for name, kind in types.items():
        if kind != "histogram":
            continue
        buckets = [v for k, v in samples.items()
                   if k.startswith(name + "_bucket{")]
        if buckets != sorted(buckets) or \
           samples.get(name + '_bucket{le="+Inf"}') != samples.get(name + "_count"):
            sys.exit(f"{name}: not a histogram")
    return samples


def main():
    args = sys.argv[1:]
    if args and args[0] == "--healthz":
        for log in args[1:]:
            print(get(port(log), "/healthz")[0])
        return
    total = {}
    for log in args:
        status, kind, body = get(port(log), "/metrics")
        if status != 200 or not kind.startswith("text/plain; version=0.0.4"):
            sys.exit(f"{log}: /metrics: {status} {kind}")
        for k, v in parse(body.decode("utf-8")).items():
            total[k] = total.get(k, 0) + v
    for k in sorted(total):
        v = total[k]
        print(f"{k} {int(v) if v.is_integer() else v}")


if __name__ == "__main__":
    main()
