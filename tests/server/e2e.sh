#!/bin/sh
# btiprovd end to end on this machine: the daemon on SQLite, devices from
# btiprov-loadgen keying DTMF in real time over SRTP.  TAP on stdout.
# usage: e2e.sh SERVER-BUILD-DIR
set -u

bin=$(cd "$1" && pwd)
top=$(cd "$(dirname "$0")/../.." && pwd)
pki=$top/tests/vectors/pki
dir=$(mktemp -d)
port=$((20000 + $$ % 20000))
export BTIPROV_DB=$dir/store.db
n=0

cleanup() {
	[ -z "${pid:-}" ] || kill "$pid" 2> /dev/null
	rm -rf "$dir"
}
trap cleanup EXIT

t() {
	name=$1
	shift
	n=$((n + 1))
	if "$@" > "$dir/out" 2>&1; then
		echo "ok $n - e2e_$name"
	else
		echo "not ok $n - e2e_$name"
		grep -v '^    #\|^$' "$dir/out" | head -n 20 | sed 's/^/# /'
	fi
}

cat "$pki/server-p256.pem" "$pki/ca.pem" > "$dir/chain.pem"
cat > "$dir/btiprovd.conf" <<CONF
listen = 127.0.0.1:$port
voice = 127.0.0.1
store = $dir/store.db
p256_key = $pki/server-p256.key
p256_chain = $dir/chain.pem
prompts = $bin/prompts
input_timeout = 15
CONF
echo 'sip:+15555550100@voice.bti.test' > "$dir/config"
echo 2468 > "$dir/pin"
echo 1111 > "$dir/wrong"
"$bin/btiprov" subscriber add 5550100 "$dir/config"
"$bin/btiprov" pin set 5550100 "$dir/pin"
"$bin/btiprovd" "$dir/btiprovd.conf" 2> "$dir/server.log" &
pid=$!
sleep 0.5

loadgen() {
	"$bin/btiprov-loadgen" -s "127.0.0.1:$port" -c "$pki/ca.pem" \
		-H prov.bti.test -a 5550100 "$@"
}

# fails: the command fails, saying TEXT
fails() {
	text=$1
	shift
	! "$@" > "$dir/fail" 2>&1 && grep -q "$text" "$dir/fail"
}

bindings() { [ "$("$bin/btiprov" bindings | wc -l)" = "$1" ]; }

echo "1..11"
t three_devices_at_once sh -c "'$bin/btiprov-loadgen' -s 127.0.0.1:$port \
	-c '$pki/ca.pem' -H prov.bti.test -a 5550100 -P '$dir/pin' -n 3 |
	grep -q '3 provisioned, 0 failed'"
t bound_three bindings 3
t mistyped_then_right sh -c "'$bin/btiprov-loadgen' -s 127.0.0.1:$port \
	-c '$pki/ca.pem' -H prov.bti.test -a 5550100 -P '$dir/pin' -W '$dir/wrong' |
	grep -q 'config=sip:+15555550100@voice.bti.test'"
t public_key sh -c "'$bin/btiprov-loadgen' -s 127.0.0.1:$port -c '$pki/ca.pem' \
	-H prov.bti.test -a 5550100 -P '$dir/pin' -k 2 | grep -q '1 provisioned' &&
	'$bin/btiprov' bindings | grep -q public"
t wrong_pin_refused fails "wrong account number or PIN" loadgen -P "$dir/wrong"
t wrong_host fails "certificate does not validate" \
	"$bin/btiprov-loadgen" -s "127.0.0.1:$port" -c "$pki/ca.pem" \
	-H evil.example -a 5550100 -P "$dir/pin"
t untrusted_ca fails "certificate does not validate" \
	"$bin/btiprov-loadgen" -s "127.0.0.1:$port" -c "$pki/server-rsa.pem" \
	-a 5550100 -P "$dir/pin"
# two failures so far; three more lock the account, then even the right PIN
loadgen -P "$dir/wrong" > /dev/null 2>&1
t locked_after_five sh -c "'$bin/btiprov-loadgen' -s 127.0.0.1:$port \
	-c '$pki/ca.pem' -H prov.bti.test -a 5550100 -P '$dir/wrong' 2>&1 |
	grep -q locked && '$bin/btiprov-loadgen' -s 127.0.0.1:$port \
	-c '$pki/ca.pem' -H prov.bti.test -a 5550100 -P '$dir/pin' 2>&1 |
	grep -q locked && '$bin/btiprov' -j subscriber show 5550100 |
	grep -q '\"locked\":true'"
t audit sh -c "'$bin/btiprov' audit | grep -q bound &&
	'$bin/btiprov' audit | grep -q pin-wrong-locked && ! grep -q 2468 '$dir/server.log'"
t graceful_stop sh -c "kill -TERM $pid && for i in 1 2 3 4 5 6 7 8 9 10; do
	kill -0 $pid 2> /dev/null || exit 0; sleep 0.5; done; exit 1"
t server_clean sh -c "cat '$dir/server.log' | grep -v 'level=' ; ! grep -q \
	'Sanitizer\|runtime error' '$dir/server.log'"
pid=
