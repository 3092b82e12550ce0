#!/bin/sh
# make fuzz: libFuzzer over btiprovd's protocol engine, for
# $FUZZ_SECONDS (default 60), from the committed seed corpus.  New inputs
# it finds stay in build/fuzz/corpus; a crash is written there too, and
# fails the run.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build/fuzz
mkdir -p "$out/corpus"
"$top/tests/deps.sh"
if ! command -v clang > /dev/null || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a > /dev/null 2>&1; then
	[ "$(id -u)" = 0 ] || { echo "fuzz: install clang and libclang-rt-14-dev" >&2; exit 1; }
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		clang libclang-rt-14-dev > /dev/null
fi
s=$top/server/lib
clang -g -O1 -fsanitize=fuzzer,address,undefined -I"$s" -I"$top/tests/server" \
	-o "$out/proto_fuzz" "$top/tests/fuzz/proto_fuzz.c" \
	"$top/tests/server/vectors.c" "$s/crypto.c" "$s/hpke.c" "$s/wire.c" "$s/proto.c" \
	$(pkg-config --cflags --libs libcrypto)
cd "$out"
BTI_TOP=$top ./proto_fuzz -max_total_time="${FUZZ_SECONDS:-60}" \
	-artifact_prefix="$out/" "$out/corpus" "$top/tests/fuzz/corpus"
