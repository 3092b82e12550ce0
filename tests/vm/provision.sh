#!/bin/sh
# provision.sh SERVER-BUILD-DIR KERNEL LOG MODULE...: the provisioning
# scenarios (guest/provision.sh) in a VM on KERNEL, against btiprovd
# instances on this host sharing one SQLite store.  The guest's results go
# to LOG, and then the host's own checks of the store, as BTI-TEST lines.
set -u

bin=$(cd "$1" && pwd) kernel=$2 log=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
vpki=$here/../vectors/pki
dir=$(mktemp -d)
pids=
trap 'for p in $pids; do kill -KILL $p 2> /dev/null; done; rm -rf "$dir"' EXIT
export BTIPROV_DB=$dir/store.db

/usr/bin/python3 "$here/host/pki.py" "$vpki" "$dir" || exit 1
cat "$vpki/server-p256.pem" "$vpki/ca.pem" > "$dir/p256-chain.pem"
cat "$vpki/server-rsa.pem" "$vpki/ca.pem" > "$dir/rsa-chain.pem"
cat "$dir/expired.pem" "$vpki/ca.pem" > "$dir/expired-chain.pem"
cat "$dir/no-agreement.pem" "$vpki/ca.pem" > "$dir/no-agreement-chain.pem"
"$bin/btiprov" kek new "$dir/kek" > /dev/null || exit 1
echo 2468 > "$dir/pin"
for account in 5550100 5550199; do
	echo "sip:+1$account@voice.bti.test" > "$dir/config"
	"$bin/btiprov" subscriber add "$account" "$dir/config" &&
		"$bin/btiprov" pin set "$account" "$dir/pin" || exit 1
done

# port_for NAME: a TCP port for NAME in this run, below Linux's ephemeral
# ports (32768 up), where a client's leftover TIME_WAIT would keep it from
# listening
port_for() {
	echo $((20000 + ($$ + $(echo "$1" | cksum | cut -c1-4)) % 12000))
}

# server NAME P256-KEY P256-CHAIN RSA-KEY RSA-CHAIN: btiprovd on a port of
# its own, voice advertised at the address the guest knows the host by
server() {
	port=$(port_for "$1")
	cat > "$dir/$1.conf" <<CONF
listen = 127.0.0.1:$port
voice = 127.0.0.1
voice_advertise = 10.0.2.2
voice_port = 0
metrics = 127.0.0.1:0
store = $dir/store.db
kek = $dir/kek
p256_key = $2
p256_chain = $3
rsa_key = $4
rsa_chain = $5
prompts = $bin/prompts
backoff_after = 5
lock_after = 5
CONF
	"$bin/btiprovd" "$dir/$1.conf" 2> "$dir/$1.log" &
	pids="$pids $!"
	echo $! > "$dir/$1.pid"
	ports="${ports:+$ports,}$port"
}

ports=
server a "$vpki/server-p256.key" "$dir/p256-chain.pem" \
	"$vpki/server-rsa.key" "$dir/rsa-chain.pem"
server b "" "" "$vpki/server-rsa.key" "$dir/rsa-chain.pem"
server c "$dir/expired.key" "$dir/expired-chain.pem" "" ""
server d "$dir/no-agreement.key" "$dir/no-agreement-chain.pem" "" ""
server e "$vpki/server-p256.key" "$dir/p256-chain.pem" "" ""
# relays in front of server a (e for kill-at-auth), each attacking in its
# own way
relays=
for mode in mitm flip-1 flip-2 flip-3 flip-4 flip-5 flip-6 flip-7 \
	    replay-hello replay-transport kill-at-auth swallow; do
	port=$(port_for "relay-$mode")
	to=a
	[ "$mode" != kill-at-auth ] || to=e
	/usr/bin/python3 "$here/host/relay.py" "$port" \
		"$(sed -n 's/^listen = 127.0.0.1://p' "$dir/$to.conf")" "$mode" "$dir" \
		> /dev/null 2> "$dir/relay-$mode.log" &
	pids="$pids $!"
	relays="${relays:+$relays,}$mode:$port"
done

# when the relay says so, server e dies mid-session and comes back
(
	while [ ! -e "$dir/kill-trigger" ]; do
		sleep 0.1
	done
	old=$(cat "$dir/e.pid")
	kill -KILL "$old"
	# Its listening socket closes only once its last thread has exited,
	# which on a busy host takes long enough for a successor's bind to
	# fail: wait (up to 30 s) until it is gone, or a zombie whose other
	# threads are gone (the count is the group's, the state the leader's).
	i=0
	while [ $i -lt 300 ] && [ -e "/proc/$old" ] &&
		! { grep -qs '^State:[[:space:]]*Z' "/proc/$old/status" &&
		    grep -qs '^Threads:[[:space:]]*1$' "/proc/$old/status"; }; do
		sleep 0.1
		i=$((i + 1))
	done
	mv "$dir/e.log" "$dir/e-killed.log"
	"$bin/btiprovd" "$dir/e.conf" 2> "$dir/e.log" &
	echo $! > "$dir/e.pid"
	wait
) &
killer=$!
pids="$pids $killer"
sleep 1

# boot PHASE LOG ETC-FILE...: the guest's scenarios of PHASE
boot() {
	phase=$1 to=$2
	shift 2
	ETC_FILES="$vpki/ca.pem $dir/rogue-ca.pem $dir/seal $*" "$here/initramfs.sh" \
		"$dir/provision.cpio.gz" "$here/guest/provision.sh" $modules &&
	BTI_VM_NIC="-nic user,model=virtio-net-pci" \
	BTI_VM_APPEND="BTI_PORTS=$ports BTI_RELAYS=$relays BTI_PHASE=$phase ${kept:+BTI_KEPT=$kept}" \
		"$here/boot.sh" "$kernel" "$dir/provision.cpio.gz" "$to"
}

# the second boot finds the keys the first exported, sealed
modules="$*"
head -c 32 /dev/urandom > "$dir/seal"
kept=
boot 1 "$log"
booted=$?
line=$(tr -d '\r' < "$log" | grep -a '^BTI-KEYS ' | tail -n 1)
kept=$(echo "$line" | cut -d' ' -f3)
echo "$line" | cut -d' ' -f2 | base64 -d > "$dir/keys" 2> /dev/null
if [ -n "$kept" ] && [ -s "$dir/keys" ]; then
	boot 2 "$dir/reboot.log" "$dir/keys" || booted=1
	cat "$dir/reboot.log" >> "$log"
else
	echo "BTI-TEST FAIL reboot-keys-imported" >> "$log"
fi

for p in $pids; do
	kill -TERM "$p" 2> /dev/null
done
kill -TERM "$(cat "$dir/e.pid")" 2> /dev/null
wait "$killer"
for s in a b c d; do
	wait "$(cat "$dir/$s.pid")"
done

# the host's checks, counted with the guest's
t() {
	name=$1
	shift
	if "$@" > "$dir/out" 2>&1; then
		echo "BTI-TEST PASS $name" >> "$log"
	else
		echo "BTI-TEST FAIL $name" >> "$log"
		sed 's/^/    /' "$dir/out" >> "$log"
	fi
}

# every device the guest saw bound is bound, once, and nothing else is
bindings_match() {
	tr -d '\r' < "$log" | sed -n 's/^BTI-BOUND \([0-9a-f]*\) .*/\1/p' | sort -u > "$dir/said"
	tr -d '\r' < "$log" | sed -n 's/^BTI-REPLACED \([0-9a-f]*\)$/\1/p' | sort -u > "$dir/replaced"
	"$bin/btiprov" bindings | awk '!/revoked/ { print $1 }' | sort > "$dir/active"
	comm -23 "$dir/said" "$dir/replaced" > "$dir/want"
	[ -s "$dir/want" ] && cmp "$dir/want" "$dir/active" &&
		for id in $(cat "$dir/replaced"); do
			"$bin/btiprov" bindings | grep "^$id " | grep -q revoked || exit 1
		done
}

audit_complete() {
	[ "$(( $(tr -d '\r' < "$log" | grep -a -c '^BTI-BOUND ') +
	       $("$bin/btiprov" audit | grep -c ' refused-by-device ') ))" = \
	  "$("$bin/btiprov" audit | grep -c ' bound ')" ] &&
		"$bin/btiprov" audit | grep -q 'pin-wrong-locked' &&
		"$bin/btiprov" -j subscriber show 5550199 | grep -q '"locked":true'
}

# no sanitizer report, no relay that crashed, and the PIN nowhere: as a
# word, since a port or a count may hold its digits
servers_clean() {
	for s in a b c d e; do
		! grep -q 'Sanitizer\|runtime error' "$dir/$s.log" ||
			{ cat "$dir/$s.log"; return 1; }
	done
	! grep -n -w 2468 "$dir"/*.log &&
		! grep -n -A20 Traceback "$dir"/relay-*.log
}

# the replayed KEY_TRANSPORT reached the server, which refused it; the
# killed server had bound nothing, and its successor served the retry
replays_refused() {
	grep -q 'reason="key transport refused"' "$dir/a.log"
}

killed_bound_nothing() {
	[ -s "$dir/e-killed.log" ] && ! grep -q 'event=bound' "$dir/e-killed.log" &&
		grep -q 'event=bound' "$dir/e.log" ||
		{ tail -n 5 "$dir/e-killed.log" "$dir/e.log"; return 1; }
}

refused_binding_undone() {
	"$bin/btiprov" audit | grep -q 'refused-by-device'
}

t host-bindings-match bindings_match
t host-refused-binding-undone refused_binding_undone
t host-replayed-transport-refused replays_refused
t host-killed-server-bound-nothing killed_bound_nothing
t host-audit-complete audit_complete
t host-servers-clean servers_clean
exit $booted
