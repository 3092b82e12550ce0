#!/bin/sh
# btiprovd end to end on this machine: one daemon on SQLite, devices from
# btiprov-loadgen keying DTMF in real time over SRTP.  TAP on stdout.
# usage: e2e.sh SERVER-BUILD-DIR
set -u

bin=$(cd "$1" && pwd)
prefix=e2e
. "$(dirname "$0")/lib.sh"
export BTIPROV_DB=$dir/store.db

subscriber 5550100 2468 > /dev/null
echo 1111 > "$dir/wrong"
pin=$dir/pin-5550100
cat "$pki/server-rsa.pem" "$pki/ca.pem" > "$dir/rsa-chain.pem"
# time for two entries, the second after the retry prompt
server a "$dir/store.db" "rsa_key = $pki/server-rsa.key" \
	"rsa_chain = $dir/rsa-chain.pem" "session_timeout = 30" \
	"request_timeout = 2" "backoff_after = 3" "backoff_wait = 900" ||
	exit 1
lg() { loadgen a -- -a 5550100 "$@"; }
# eventually COMMAND...: true within 5 s; the log and the store are
# written by other threads than the one that answered the device
eventually() {
	for i in 1 2 3 4 5 6 7 8 9 10; do
		"$@" && return 0
		sleep 0.5
	done
	return 1
}
device_of() { sed -n 's/^provisioned device=\([0-9a-f]*\) .*/\1/p' "$1"; }
binding() { "$bin/btiprov" bindings | grep "^$1 "; }

three_at_once() {
	lg -P "$pin" -n 3 > "$dir/three" && grep -q '3 provisioned, 0 failed' "$dir/three"
}

mistyped_then_right() {
	lg -P "$pin" -W "$dir/wrong" | grep -q 'config=sip:+15550100@voice.bti.test'
}

public_key() {
	lg -P "$pin" -k 2 > "$dir/public" &&
		binding "$(device_of "$dir/public")" | grep -q public
}

# a device that offers only suite 2 gets it, RSA-OAEP key transport
suite_2() {
	lg -P "$pin" -S 2 > "$dir/suite2" &&
		grep -q '1 provisioned' "$dir/suite2" &&
		grep -q 'suite=2' "$dir/a.log"
}

# re-provisioning: a device proves the key it kept, and a new one replaces it
reprovision() {
	kind=$1
	mkdir -p "$dir/keep$kind"
	lg -P "$pin" -k "$kind" -K "$dir/keep$kind" > "$dir/first$kind" &&
		cp "$dir/keep$kind/0.key" "$dir/first$kind.key" &&
		lg -P "$pin" -k "$kind" -K "$dir/keep$kind" > "$dir/second$kind" ||
		return 1
	old=$(device_of "$dir/first$kind") new=$(device_of "$dir/second$kind")
	"$bin/btiprov" audit | grep replaced | grep -q "device:$old" &&
		binding "$new" | grep -vq revoked || return 1
	# a symmetric key is new each time; a public key is the identity's
	if [ "$kind" = 1 ]; then
		[ "$old" != "$new" ] && binding "$old" | grep -q revoked
	else
		[ "$old" = "$new" ]
	fi
}

# a kept key the server never bound: refused before any PIN is asked
reprovision_unknown() {
	mkdir -p "$dir/forged"
	printf '1 %064d\n' 7 > "$dir/forged/0.key"
	fails "the server sent ERROR 4" lg -P "$pin" -K "$dir/forged"
}

# a rotation while the server serves: a new key added to the file, every
# key sealed again under it, and a device bound before re-provisions, its
# key found under the new one without a restart
kek_rotated() {
	mkdir -p "$dir/keepr"
	lg -P "$pin" -K "$dir/keepr" > "$dir/r1" &&
		cp "$dir/keepr/0.key" "$dir/before-rotation.key" &&
		"$bin/btiprov" kek new "$dir/kek" > "$dir/new-kek" &&
		"$bin/btiprov" kek rotate "$dir/kek" > "$dir/rotated" &&
		grep -q "sealed under $(cat "$dir/new-kek")" "$dir/rotated" &&
		lg -P "$pin" -K "$dir/keepr" | grep -q '^provisioned'
}

# the key of the binding reprovision_symmetric replaced, kept while its
# session could undo the new one (session_timeout, 30 s), is then wiped,
# by whichever server on the store sweeps first
key_kept() {
	/usr/bin/python3 - "$dir/store.db" "$1" <<'PY'
import sqlite3, sys
row = sqlite3.connect(sys.argv[1]).execute(
    "SELECT user_key FROM bindings WHERE device_id = ?", (sys.argv[2],)).fetchone()
sys.exit(0 if row and row[0] else 1)
PY
}

kept_key_wiped() {
	old=$(device_of "$dir/first1")
	for _ in $(seq 70); do
		key_kept "$old" || break
		sleep 1
	done
	! key_kept "$old" && binding "$old" | grep -q revoked &&
		cat "$dir"/*.log | grep -q 'event=kept-keys-wiped count='
}

# the store's files hold none of the symmetric keys devices were bound
# to, where the keys' own files are found to hold them
no_key_in_clear() {
	set -- "$dir"/first1.key "$dir"/keep1/*.key "$dir"/before-rotation.key \
		"$dir"/keepr/*.key
	! /usr/bin/python3 "$top/tests/server/keyscan.py" "$@" -- "$@" \
		> /dev/null &&
		/usr/bin/python3 "$top/tests/server/keyscan.py" "$@" -- \
			"$dir"/store.db*
}

# btiprovd does not start without its key file, with one others may read,
# or with one that lacks the key the store seals under, and says why
kek_refused() {
	install -m 644 "$dir/kek" "$dir/kek-644" &&
		"$bin/btiprov" kek new "$dir/other-kek" > /dev/null &&
		! server k "$dir/store.db" "kek = $dir/no-kek" &&
		grep -q 'no-kek: No such file .*btiprov kek new' "$dir/k.log" &&
		! server l "$dir/store.db" "kek = $dir/kek-644" &&
		grep -q 'kek-644: others than its owner may read it' "$dir/l.log" &&
		! server m "$dir/store.db" "kek = $dir/other-kek" &&
		grep -q 'which .*other-kek does not hold' "$dir/m.log"
}

# bytes no device would send: each gets its ERROR, and the server serves on
raw_bytes() {
	/usr/bin/python3 "$top/tests/server/raw.py" "$(cat "$dir/a.port")" > "$dir/raw" &&
		cat "$dir/raw" && [ "$(grep -c ' ok$' "$dir/raw")" = 11 ]
}

session_timeout() {
	! wait "$stall" && grep -q 'ERROR 10' "$dir/stall"
}

# two failures so far: the third makes the account and the source address
# wait (backoff_wait, long here, so that no test outruns it), and leaves
# no retry in the call; meanwhile nothing is checked, not even the right PIN
waits_after_three() {
	fails "wrong account number" lg -P "$dir/wrong" &&
		fails locked lg -P "$pin" &&
		"$bin/btiprov" -j subscriber show 5550100 |
		grep -q '"locked":false,"failures":3,"waits_until":"20'
}

# the account and the source address each waiting; let go, in again
unlocked_again() {
	fails locked lg -P "$pin" -k 2 || return 1
	"$bin/btiprov" subscriber unlock 5550100 &&
		fails locked lg -P "$pin" -k 2 &&
		"$bin/btiprov" device unlock 127.0.0.1 &&
		lg -P "$pin" -k 2 | grep -q '1 provisioned' &&
		"$bin/btiprov" audit | grep -q 'unlocked .*device:[0-9a-f]'
}

# a configuration too long for version 1 is refused before anything binds,
# and the account's next version binds again
too_long_for_version_1() {
	head -c 901 /dev/zero | tr '\0' x > "$dir/long"
	"$bin/btiprov" config set 5550100 "$dir/long" > /dev/null &&
		"$bin/btiprov" bindings > "$dir/before" &&
		fails "the server sent ERROR 11" lg -P "$pin" -k 2 &&
		eventually grep -q 'reason="configuration too long for version 1"' "$dir/a.log" &&
		"$bin/btiprov" bindings | cmp "$dir/before" - &&
		"$bin/btiprov" config set 5550100 "$dir/config" |
		grep -q 'configuration version 3$' &&
		lg -P "$pin" -k 2 | grep -q 'config=sip:+15550100@voice.bti.test'
}

# Version 2 (protocol.rst, 9): a binding committed at FINISHED, with the
# configuration version delivered in the audit log; a refresh that gives
# a device holding the current version nothing, and a changed one whole
version2_binds() {
	lg -P "$pin" -V 2 -K "$dir/v2" > "$dir/v2.out" &&
		grep -q ' version=3 config=sip:+15550100@voice.bti.test$' "$dir/v2.out" &&
		v2=$(device_of "$dir/v2.out") && binding "$v2" &&
		"$bin/btiprov" audit | grep -q "^[^ ]* bound .*device:$v2 .*config:3$"
}

version2_refresh() {
	[ -n "${v2:-}" ] &&
		lg -V 2 -K "$dir/v2" -x refresh | grep -qx "refreshed device=$v2 version=3" &&
		"$bin/btiprov" audit | grep -q "refreshed-current .*device:$v2 .*config:3$" &&
		head -c 65536 /dev/zero | tr '\0' c > "$dir/64k" &&
		"$bin/btiprov" config set 5550100 "$dir/64k" > /dev/null &&
		lg -V 2 -K "$dir/v2" -x refresh > "$dir/v2.out" &&
		[ "$(sed -n "s/^refreshed device=$v2 version=4 config=//p" "$dir/v2.out")" = \
			"$(cat "$dir/64k")" ] &&
		[ "$(cat "$dir/v2/0.key.version")" = 4 ] &&
		"$bin/btiprov" config set 5550100 "$dir/config" > /dev/null
}

# attestation off takes every device as unattested, whatever its chain,
# once ATTESTATION opens (protocol.rst, 7.1): four certificates, longer
# than any other message of a device's
version2_chain_taken() {
	cat "$pki/device.pem" "$pki/maker-ca.pem" "$pki/ca.pem" \
		"$pki/server-p256.pem" > "$dir/chain4.pem"
	lg -P "$pin" -V 2 -k 2 -A "$dir/chain4.pem" -I "$pki/device.key" \
		> "$dir/chain.out" &&
		binding "$(device_of "$dir/chain.out")" | grep -q public
}

# a device gone after PROVISIONED, before FINISHED, leaves no binding: the
# pending one is dropped when its session ends
version2_vanished() {
	lg -P "$pin" -V 2 -x vanish > "$dir/vanish.out" &&
		gone=$(sed -n 's/^vanished device=\([0-9a-f]*\)$/\1/p' "$dir/vanish.out") &&
		[ -n "$gone" ] && ! binding "$gone" &&
		eventually sh -c "'$bin/btiprov' audit |
			grep -q 'dropped .*account:5550100 device:$gone'"
}

# a binding revoked while its device re-provisions (the IVR has begun, its
# prompt playing): ERROR(revoked) under a MAC in place of PROVISIONED, and
# the device forgets it; and so for a refresh of it
version2_revoked() {
	[ -n "${v2:-}" ] && cp -r "$dir/v2" "$dir/v2-copy" || return 1
	lg -P "$pin" -V 2 -K "$dir/v2" > "$dir/revoked.out" 2>&1 &
	sleep 1
	"$bin/btiprov" revoke "$v2" && ! wait $! &&
		grep -q "ERROR 13: binding forgotten" "$dir/revoked.out" &&
		grep -q "PIN verdicts 1" "$dir/revoked.out" &&
		[ ! -e "$dir/v2/0.key" ] &&
		fails "ERROR 13: binding forgotten" \
			lg -V 2 -K "$dir/v2-copy" -x refresh
}

# what the sessions before left in the audit log; a failure says which
audit() {
	"$bin/btiprov" audit > "$dir/audit" || return 1
	for event in ' bound ' pin-wrong-backoff pin-waiting; do
		grep -q -- "$event" "$dir/audit" && continue
		echo "no '$event' in the audit log:"
		cut -c25- "$dir/audit" | awk '{ print $1 }' | sort | uniq -c
		return 1
	done
	! grep -n 2468 "$dir/a.log"
}

# SIGTERM to server NAME while a device is keying its PIN: once (COUNT 1)
# the session finishes before the server exits, its /healthz saying 503
# meanwhile for the load balancer; twice, it ends at once with
# ERROR(internal) and nothing bound
stop_midway() {
	name=$1 count=$2
	server "$name" "$dir/store.db" || return 1
	"$bin/btiprov" bindings > "$dir/before"
	loadgen "$name" -- -a 5550100 -P "$pin" > "$dir/$name.out" 2>&1 &
	dev=$!
	sleep 2.5
	for i in $(seq "$count"); do
		kill -TERM "$(cat "$dir/$name.pid")"
		sleep 0.2
	done
	if [ "$count" = 1 ]; then
		/usr/bin/python3 "$top/tests/server/metrics.py" --healthz \
			"$dir/$name.log" | grep -qx 503 &&
			wait "$dev" && grep -q '1 provisioned' "$dir/$name.out" ||
			return 1
	else
		! wait "$dev" && grep -q 'ERROR 11' "$dir/$name.out" &&
			"$bin/btiprov" bindings | cmp -s - "$dir/before" || return 1
	fi
	for i in $(seq 20); do
		kill -0 "$(cat "$dir/$name.pid")" 2> /dev/null || return 0
		sleep 0.25
	done
	echo "the server did not exit"
	return 1
}

# descriptors for 8 sessions (84, less a reserve of 32, 4 a worker, 5 a
# loop, the spare and 17 for the metrics): max_sessions is lowered to fit.  Eight idle connections from eight
# addresses fill it; a ninth device is turned away with ERROR(busy) and a
# retry time, and once request_timeout has closed the idle connections, a
# device provisions
busy_then_in() {
	server_limits=--nofile=84:84
	server d "$dir/store.db" "request_timeout = 3" "busy_retry = 5" \
		"loops = 2" || return 1
	server_limits=
	grep -q 'event=limit max_sessions=1000 lowered_to=8 ' "$dir/d.log" &&
		/usr/bin/python3 "$top/tests/server/busy.py" \
			"$(cat "$dir/d.port")" 8 5 "$dir/d.log" 127.0.0.2 127.0.0.3 \
			127.0.0.4 127.0.0.5 127.0.0.6 127.0.0.7 127.0.0.8 \
			127.0.0.9 &&
		grep -q 'event=refused .*reason=max_sessions' "$dir/d.log" &&
		loadgen d -- -a 5550100 -P "$pin" | grep -q '1 provisioned' &&
		stopped_clean d
}

# a flood from one address, of ten times max_sessions: idle connections,
# or REQUESTs that go no further.  A device from another address
# provisions meanwhile, and the flood is turned away past its address's
# cap with ERROR(busy).
flood_from_one() {
	mode=$1 source=$2
	/usr/bin/python3 "$top/tests/server/flood.py" "$(cat "$dir/e.port")" \
		"$source" 15 80 "$mode" > "$dir/flood-$mode" &
	flood=$!
	sleep 1
	loadgen e -- -a 5550100 -P "$pin" > "$dir/flood-device"
	wait "$flood"
	cat "$dir/flood-$mode" "$dir/flood-device"
	grep -q '1 provisioned' "$dir/flood-device" &&
		grep -q '^busy [1-9]' "$dir/flood-$mode" &&
		grep -q 'event=refused source=127.0.0.2:.* reason=max_per_address' \
			"$dir/e.log"
}

# descriptors run out below max_sessions (the server's limit lowered as it
# runs): a connection past them is still answered ERROR(busy), through the
# descriptor the server keeps spare, which it has again afterwards; and
# with its limit back a device provisions
descriptors_out() {
	epid=$(cat "$dir/e.pid")
	spares() { find "/proc/$epid/fd" -lname /dev/null | wc -l; }
	soft=$(prlimit --pid "$epid" --nofile --output SOFT --noheadings)
	open=$(find "/proc/$epid/fd" -mindepth 1 | wc -l) held=$(spares)
	prlimit --pid "$epid" --nofile="$((open + 2)):" || return 1
	/usr/bin/python3 "$top/tests/server/flood.py" "$(cat "$dir/e.port")" \
		127.0.0.3 2 6 idle > "$dir/fd-flood"
	prlimit --pid "$epid" --nofile="$soft:" || return 1
	sleep 0.1
	echo "$(cat "$dir/fd-flood"); spare descriptors $held, then $(spares)"
	grep -q '^busy [1-9]' "$dir/fd-flood" && [ "$(spares)" = "$held" ] &&
		grep -q 'event=refused source=- reason=descriptors' "$dir/e.log" &&
		loadgen e -- -a 5550100 -P "$pin" | grep -q '1 provisioned'
}

# a log reader that stops reading: once its pipe and the server's queue
# of lines are full, lines are dropped, not waited on, so a device still
# provisions; the metrics count them, and once the reader reads again
# the log says how many were dropped
stuck_log() {
	mkfifo "$dir/g.fifo" || return 1
	cat "$dir/g.fifo" > "$dir/g.log" &
	reader=$!
	server_err=$dir/g.fifo
	server g "$dir/store.db" || { kill "$reader"; return 1; }
	server_err=
	kill -STOP "$reader"
	# about 230 bytes of log a session: more than the two hold.  A
	# server that waited on its log would never answer: time out.
	at="-s 127.0.0.1:$(cat "$dir/g.port") -c $pki/ca.pem -H prov.bti.test"
	# shellcheck disable=SC2086
	timeout 60 "$bin/btiprov-loadgen" $at -x keys -n 8 -r 250 \
		> "$dir/g.keys" &&
		timeout 60 "$bin/btiprov-loadgen" $at -a 5550100 -P "$pin" \
			> "$dir/g.device"
	dropped=$(/usr/bin/python3 "$top/tests/server/metrics.py" "$dir/g.log" |
		awk '$1 == "btiprovd_log_lines_dropped_total" { print $2 }')
	kill -CONT "$reader"
	stopped_clean g && wait "$reader" || return 1
	echo "dropped: ${dropped:-none}"
	grep -q '1 provisioned' "$dir/g.device" && [ "${dropped:-0}" -gt 0 ] &&
		grep -q "event=log-dropped lines=[1-9]" "$dir/g.log"
}

# listening on [::], with voice on "::", one socket takes IPv6 and IPv4
# alike: a REQUEST over IPv6 is answered, and a device provisions over
# each, its voice sent to the address its connection reached
dual_stack() {
	server_host='[::]'
	server f "$dir/store.db" "voice = ::" || return 1
	server_host=
	/usr/bin/python3 - "$(cat "$dir/f.port")" <<-EOF || return 1
		import socket, sys
		sys.path.insert(0, "$top/tests/server")
		from wire import SERVER_HELLO, request
		with socket.create_connection(("::1", int(sys.argv[1])), timeout=10) as s:
		    s.sendall(request())
		    sys.exit(s.recv(2)[1:] != bytes([SERVER_HELLO]))
	EOF
	loadgen f -- -a 5550100 -P "$pin" | grep -q '1 provisioned' &&
		"$bin/btiprov-loadgen" -s "[::1]:$(cat "$dir/f.port")" \
			-c "$pki/ca.pem" -H prov.bti.test -a 5550100 -P "$pin" |
		grep -q '1 provisioned' &&
		grep -q 'event=session-start source=\[::1\]:' "$dir/f.log" &&
		grep -q 'event=call-ended source=\[::1\]:[0-9]* voice=\[::1\]:' "$dir/f.log" &&
		grep -q 'event=call-ended source=127.0.0.1:[0-9]* voice=127.0.0.1:' "$dir/f.log" &&
		stopped_clean f
}

# a voice port of IPv4 alone cannot take a device's voice over IPv6: such
# a device gets ERROR(internal), and a server told to advertise an IPv6
# address for it, or every address, does not start
ipv4_voice() {
	server_host='[::]'
	server h "$dir/store.db" || return 1
	server_host=
	"$bin/btiprov-loadgen" -s "[::1]:$(cat "$dir/h.port")" \
		-c "$pki/ca.pem" -H prov.bti.test -a 5550100 -P "$pin" \
		> "$dir/h.device" 2>&1
	grep -q 'the server sent ERROR 11' "$dir/h.device" &&
		grep -q 'reason="no IPv6 voice port"' "$dir/h.log" &&
		stopped_clean h &&
		! server i "$dir/store.db" "voice_advertise = 2001:db8::1" &&
		grep -q 'voice_advertise is IPv6 and voice IPv4' "$dir/i.log" &&
		! server j "$dir/store.db" "voice = ::" "voice_advertise = ::" &&
		grep -q 'voice_advertise: :: is no address' "$dir/j.log"
}

# each server stopped, and its log free of sanitizer reports
servers_clean() {
	kill -TERM "$(cat "$dir/a.pid")"
	while kill -0 "$(cat "$dir/a.pid")" 2> /dev/null; do
		sleep 0.2
	done
	stopped_clean e &&
		sanitizers_quiet a && sanitizers_quiet b && sanitizers_quiet c
}

# lg -x stall: a device that goes quiet after REQUEST, timed out meanwhile
lg -P "$pin" -x stall > "$dir/stall" 2>&1 &
stall=$!

echo "1..37"
t three_devices_at_once three_at_once
t bound_three all_bound "$dir/three" 5550100 3
t raw_bytes_refused raw_bytes
t mistyped_then_right mistyped_then_right
t public_key public_key
t suite_2 suite_2
t reprovision_symmetric reprovision 1
t reprovision_public reprovision 2
t reprovision_unknown reprovision_unknown
t kek_rotated_while_serving kek_rotated
t kek_refused kek_refused
t wrong_host fails "certificate does not validate" \
	"$bin/btiprov-loadgen" -s "127.0.0.1:$(cat "$dir/a.port")" \
	-c "$pki/ca.pem" -H evil.example -a 5550100 -P "$pin"
t untrusted_ca fails "certificate does not validate" \
	"$bin/btiprov-loadgen" -s "127.0.0.1:$(cat "$dir/a.port")" \
	-c "$pki/server-rsa.pem" -a 5550100 -P "$pin"
t input_timeout fails "refused: timed out" lg -P "$pin" -x silent
t session_timeout session_timeout
t stop_lets_sessions_finish stop_midway b 1
t stop_twice_ends_them stop_midway c 2
t busy_then_in busy_then_in
server e "$dir/store.db" "max_sessions = 8" "max_per_address = 4" \
	"request_timeout = 3"
t idle_flood_from_one flood_from_one idle 127.0.0.2
t request_flood_from_one flood_from_one request 127.0.0.2
t descriptors_out descriptors_out
t dual_stack dual_stack
t ipv4_voice ipv4_voice
t stuck_log_reader stuck_log
t wrong_pin_refused fails "wrong account number or PIN" lg -P "$dir/wrong"
t waits_after_three waits_after_three
t unlocked_again unlocked_again
t too_long_for_version_1 too_long_for_version_1
mkdir "$dir/v2"
t version2_binds version2_binds
t version2_refresh version2_refresh
t version2_chain_taken version2_chain_taken
t version2_vanished version2_vanished
t version2_revoked version2_revoked
t audit audit
t kept_key_wiped kept_key_wiped
t servers_clean servers_clean
t no_key_in_clear no_key_in_clear

