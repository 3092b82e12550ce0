# Shared by the server's shell tests: TAP checks, a scratch directory, the
# test PKI, btiprovd instances and btiprov-loadgen.  Source it with $bin
# set to the server's build directory.
top=$(cd "$(dirname "$0")/../.." && pwd)
pki=$top/tests/vectors/pki
dir=$(mktemp -d)
n=0
pids=
# every test's servers share one key-encryption key: a PostgreSQL store
# outlives each test's
install -m 600 "$pki/kek" "$dir/kek"

cleanup() {
	for p in $pids; do
		kill -KILL "$p" 2> /dev/null
	done
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'cleanup; exit 1' HUP INT PIPE TERM

# t NAME COMMAND...: one TAP line, named $prefix_NAME
t() {
	tname=$1
	shift
	n=$((n + 1))
	if "$@" > "$dir/out" 2>&1; then
		echo "ok $n - ${prefix}_$tname"
	else
		echo "not ok $n - ${prefix}_$tname"
		grep -v '^    #\|^$' "$dir/out" | head -n 20 | sed 's/^/# /'
	fi
}

# fails TEXT COMMAND...: the command fails, saying TEXT
fails() {
	text=$1
	shift
	! "$@" > "$dir/fail" 2>&1 && grep -q "$text" "$dir/fail"
}

# server NAME STORE [KEY = VALUE]...: start btiprovd NAME on a free port
# of its own; its port is in $dir/NAME.port, its pid in $dir/NAME.pid.
# $server_limits, if set, is a prlimit(1) option it starts under;
# $server_host, if set, the address it listens on ("[::]" for IPv6).
# port_for NAME: a TCP port for a server of this run, below Linux's
# ephemeral ports (32768 up), where a client's leftover TIME_WAIT would
# keep it from listening
port_for() {
	echo $((20000 + ($$ + $(echo "$1" | cksum | cut -c1-4)) % 12000))
}

server() {
	sname=$1 sstore=$2
	shift 2
	sport=$(port_for "$sname")
	cat "$pki/server-p256.pem" "$pki/ca.pem" > "$dir/chain.pem"
	{
		echo "listen = ${server_host:-127.0.0.1}:$sport"
		echo "store = $sstore"
		echo "kek = $dir/kek"
		echo "p256_key = $pki/server-p256.key"
		echo "p256_chain = $dir/chain.pem"
		echo "prompts = $bin/prompts"
		# servers run side by side: ports the kernel picks
		echo "voice_port = 0"
		echo "metrics = 127.0.0.1:0"
		echo "input_timeout = 6"
		echo "session_timeout = 10"
		# every device a test plays comes from this host's one address,
		# and many key one account's PIN at once
		echo "max_per_address = 100000"
		echo "max_per_prefix = 100000"
		echo "backoff_after = 1000"
		for kv in "$@"; do
			echo "$kv"
		done
	} > "$dir/$sname.conf"
	# shellcheck disable=SC2086
	prlimit ${server_limits-} "$bin/btiprovd" "$dir/$sname.conf" \
		2> "${server_err:-$dir/$sname.log}" &
	echo $! > "$dir/$sname.pid"
	echo "$sport" > "$dir/$sname.port"
	pids="$pids $!"
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		grep -qs 'event=started' "$dir/$sname.log" && return 0
		kill -0 "$(cat "$dir/$sname.pid")" 2> /dev/null || break
		sleep 0.2
	done
	cat "$dir/$sname.log" >&2
	return 1
}

# loadgen SERVER... -- ARGS...: devices against those servers, in turn
loadgen() {
	lservers=
	while [ "$1" != -- ]; do
		lservers="$lservers -s 127.0.0.1:$(cat "$dir/$1.port")"
		shift
	done
	shift
	# shellcheck disable=SC2086
	"$bin/btiprov-loadgen" $lservers -c "$pki/ca.pem" -H prov.bti.test "$@"
}

# subscriber ACCOUNT PIN: an account with a configuration and a PIN
subscriber() {
	echo "sip:+1$1@voice.bti.test" > "$dir/config"
	echo "$2" > "$dir/pin-$1"
	"$bin/btiprov" subscriber add "$1" "$dir/config" &&
		"$bin/btiprov" pin set "$1" "$dir/pin-$1"
}

# all_bound OUTPUT ACCOUNT N: loadgen's OUTPUT names N distinct devices,
# each bound to ACCOUNT once, with one "bound" record in the audit log
all_bound() {
	sed -n 's/^provisioned device=\([0-9a-f]*\) .*/\1/p' "$1" | sort > "$dir/said"
	"$bin/btiprov" bindings | awk -v a="$2" '$2 == a && !/revoked/ { print $1 }' |
		sort > "$dir/bound"
	"$bin/btiprov" audit | awk '$2 == "bound"' |
		sed -n 's/.* device:\([0-9a-f]*\) .*/\1/p' | sort > "$dir/audited"
	[ "$(wc -l < "$dir/said")" = "$3" ] &&
		[ "$(sort -u "$dir/said" | wc -l)" = "$3" ] &&
		cmp -s "$dir/said" "$dir/bound" &&
		[ "$(grep -c -F -f "$dir/said" "$dir/audited")" = "$3" ] ||
		{ echo "said $(wc -l < "$dir/said"), bound $(wc -l < "$dir/bound")"; false; }
}

# sanitizers_quiet NAME: the server's log has no sanitizer report
sanitizers_quiet() {
	! grep -q 'Sanitizer\|runtime error' "$dir/$1.log" ||
		{ grep -v 'level=' "$dir/$1.log"; false; }
}

# stopped_clean NAME...: each server ends at SIGTERM, its log free of
# sanitizer reports
stopped_clean() {
	for s in "$@"; do
		kill -TERM "$(cat "$dir/$s.pid")"
		while kill -0 "$(cat "$dir/$s.pid")" 2> /dev/null; do
			sleep 0.2
		done
		sanitizers_quiet "$s" || return 1
	done
}
