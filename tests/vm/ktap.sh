#!/bin/sh
# ktap.sh LOG: the KUnit results of a VM console log as one KTAP document.
# Each test module prints its suite as a document of its own, numbered 1;
# kunit.py parse wants one document, so give it a header and number the
# suites in order.
set -eu

sed -n '/^BTI-KUNIT-BEGIN/,/^BTI-KUNIT-END/p' "$1" | tr -d '\r' |
	sed -E 's/^\[ *[0-9]+\.[0-9]+\] //' |
	grep -E '^(    |ok |not ok |# )' |
	awk '
		/^(not )?ok [0-9]+ / {
			n++
			sub(/ok [0-9]+ /, "ok " n " ")
		}
		{ body = body $0 "\n" }
		END { printf "KTAP version 1\n1..%d\n%s", n, body }'
