#!/bin/sh
# Runs as /init for the provisioning scenarios: btictl provision drives
# the kernel's session against btiprovd instances on the host, reached
# through QEMU's user network at 10.0.2.2, while the simulated telephone
# plays the subscriber.  The host passes the servers' ports as
# BTI_PORTS=A,B,C,D,E: A offers both suites, B suite 2 alone, C holds an
# expired certificate, D one whose key usage forbids key agreement, E is
# the one the host kills; BTI_RELAYS=MODE:PORT,... the attacking relays.
. /lib.sh

# The host keeps the sealing key's bytes across reboots, so a logon key,
# asked for by type: a device would keep a trusted key's sealed form.
BTI_PARAMS=sealing_key=logon:bti:seal

CA=/etc/bti/ca.pem
IFS=, read -r A B C D E <<EOF
$BTI_PORTS
EOF

# a fresh device: the modules again, with a new identity and no binding
fresh() {
	rmmod bti_sim bti_si3210 bti && load
}

# prov PERSON-ARGS -- BTICTL-ARGS: a provisioning with someone at the
# telephone; btictl's output in /tmp/prov.out
prov() {
	args=
	while [ "$1" != -- ]; do
		args="$args $1"
		shift
	done
	shift
	# shellcheck disable=SC2086
	person $args &
	who=$!
	btictl provision --ca $CA --port 0 --config /tmp/port0.conf "$@" \
		> /tmp/prov.out 2>&1
	rc=$?
	kill $who 2> /dev/null
	wait $who 2> /dev/null
	echo on > $SIM/hook
	cat /tmp/prov.out
	return $rc
}

device_is() { btictl -j device show | grep -q "$1"; }

bound_id() { btictl -j device show | sed -n 's/.*"user_key_id":"\([0-9a-f]*\)".*/\1/p'; }

# announce_bound OLD-ID: tell the host what is bound now, and what it
# replaced
announce_bound() {
	echo "BTI-BOUND $(bound_id) $account" > /dev/console
	[ -z "$1" ] || [ "$1" = "$(bound_id)" ] ||
		echo "BTI-REPLACED $1" > /dev/console
}

# provisioned ACCOUNT [PIN...] -- BTICTL-ARGS: with the PINs keyed (by
# default the right one), it works, and the host hears of it
provisioned() {
	account=$1
	shift
	pins=
	while [ "$1" != -- ]; do
		pins="$pins $1"
		shift
	done
	old=
	! device_is '"state":"provisioned"' || old=$(bound_id)
	# shellcheck disable=SC2086
	prov "$account" ${pins:-2468} "$@" || return 1
	grep -q "Provisioned: this device is bound as $(bound_id)" /tmp/prov.out &&
		grep -q "sip:+1$account@voice.bti.test" /tmp/port0.conf &&
		announce_bound "$old"
}

# reprovisioned ACCOUNT -- BTICTL-ARGS: a provisioned device again, proving
# its bound key; a symmetric key is new each time, a public one is the
# identity's and stays
reprovisioned() {
	was=$(bound_id)
	[ -n "$was" ] && device_is '"state":"provisioned"' &&
		provisioned "$@" || return 1
	if device_is '"user_key":"symmetric"'; then
		[ "$(bound_id)" != "$was" ]
	else
		[ "$(bound_id)" = "$was" ]
	fi
}

# on a board with an Si3210, whose DTMF decoder reports the digits, the
# keys reach the IVR as tones all the same
si3210() {
	rmmod bti_sim && insmod /ko/bti_sim.ko part=si3210 || return 1
	btictl -j port show 0 | grep -q '"chip":"si3210"' && provisioned "$@"
	ok=$?
	rmmod bti_sim && insmod /ko/bti_sim.ko && [ $ok = 0 ]
}

mistyped_then_right() {
	provisioned 5550100 1111 2468 -- --server prov.bti.test:$A &&
		grep -q "key them again" /tmp/prov.out
}

# the port of the host's relay that attacks by MODE (host/relay.py)
relay() { echo "$BTI_RELAYS" | tr , '\n' | sed -n "s/^$1://p"; }

# started_then ACTION: btictl provision in the background, once the
# telephone rings ACTION; btictl's status once it ends
started_then() {
	btictl provision --ca $CA --port 0 --config /tmp/port0.conf \
		--server prov.bti.test:$A > /tmp/prov.out 2>&1 &
	pid=$!
	wait_for 60 ringing || return 1
	"$@"
	wait $pid
	rc=$?
	cat /tmp/prov.out
	return $rc
}

no_session() { btictl session show 0 2>&1 | grep -q "no provisioning session"; }

# SIGINT: the session ends, the ringing stops, the server hears ERROR
interrupt() { kill -INT $pid; }

interrupted() {
	! started_then interrupt && grep -q interrupted /tmp/prov.out &&
		no_session && sleep 0.5 && ! ringing
}

# bti's modules unloaded mid-call: btictl says the port is gone and gives
# up; loaded again, no session is left
port_gone() {
	lift() { echo off > $SIM/hook; sleep 2; rmmod bti_sim bti_si3210 bti; }
	! started_then lift && grep -q "port 0 is gone" /tmp/prov.out &&
		load && no_session
}

# replayed TEXT MODE: a session through the relay attacking by MODE
# records what it replays in the next, which is refused, saying TEXT
replayed() {
	provisioned 5550100 -- --server prov.bti.test:"$(relay "$2")" &&
		refused "$1" 5550100 2468 -- --server prov.bti.test:"$(relay "$2")"
}

# the server dies with AUTH_RESULT on its way; a retry, once it is back,
# binds
server_killed() {
	refused "the server closed the connection" 5550100 2468 -- \
		--server prov.bti.test:"$(relay kill-at-auth)" || return 1
	sleep 2
	provisioned 5550100 -- --server prov.bti.test:"$(relay kill-at-auth)"
}

# a server that goes quiet: btictl gives up when the kernel would
silent_server() {
	param=/sys/module/bti/parameters/session_timeout_s
	echo 5 > $param
	refused "did not answer before the session timed out" 5550100 2468 -- \
		--server prov.bti.test:"$(relay swallow)"
	rc=$?
	echo 330 > $param
	return $rc
}

# refused TEXT PERSON-ARGS -- BTICTL-ARGS: btictl fails, saying TEXT
refused() {
	text=$1
	shift
	! prov "$@" && grep -q "$text" /tmp/prov.out
}

seal() { keyctl padd logon bti:seal %:.bti < /etc/bti/seal > /dev/null; }

# the keys, sealed, to the console for the host to boot again with
keep_keys() {
	seal && btictl key export /tmp/keys &&
		echo "BTI-KEYS $(base64 /tmp/keys | tr -d "\\n") $(bound_id)" > /dev/console
}

# after a reboot: the kept keys back, and the server knows the device by
# them
kept_keys() {
	seal && btictl key import /etc/bti/keys &&
		device_is '"state":"provisioned"' && [ "$(bound_id)" = "$BTI_KEPT" ]
}

echo PROVISION-BEGIN
load && net_up || echo "BTI-TEST FAIL setup"
if [ "${BTI_PHASE:-1}" = 2 ]; then
	t reboot-keys-imported kept_keys
	t reboot-reprovision reprovisioned 5550100 -- --server prov.bti.test:$A
	echo PROVISION-END
	done_vm
fi
t suite-1-symmetric provisioned 5550100 -- --server prov.bti.test:$A
t reprovision-symmetric reprovisioned 5550100 -- --server prov.bti.test:$A
t si3210-reprovision si3210 5550100 -- --server prov.bti.test:$A
fresh
t suite-1-public provisioned 5550100 -- --server prov.bti.test:$A \
	--user-key public
t reprovision-public reprovisioned 5550100 -- --server prov.bti.test:$A \
	--user-key public
fresh
t suite-2-symmetric provisioned 5550100 -- --server prov.bti.test:$B
fresh
t suite-2-public provisioned 5550100 -- --server prov.bti.test:$B \
	--user-key public
fresh
t untrusted-ca refused "self-signed certificate in certificate chain" 5550100 2468 -- \
	--server prov.bti.test:$A --ca /etc/bti/rogue-ca.pem
t expired-certificate refused "certificate has expired" 5550100 2468 -- \
	--server prov.bti.test:$C
t wrong-host-name refused "it is not for evil.bti.test" 5550100 2468 -- \
	--server evil.bti.test:$A
t key-usage refused "does not allow key agreement" 5550100 2468 -- \
	--server prov.bti.test:$D
# a man in the middle with another CA's certificate, and a valid hash
t mitm-relay refused "self-signed certificate in certificate chain" 5550100 2468 -- \
	--server prov.bti.test:"$(relay mitm)"
# a bit flipped in each message type, either way: refused by whoever
# receives it, the device or the server, whose ERROR the device takes
# (protocol.rst, section 2)
EITHER="the server refused\|hash, MAC or tag"
t flip-request refused "$EITHER" 5550100 2468 -- \
	--server prov.bti.test:"$(relay flip-1)"
t flip-server-hello refused "certificate is refused\|hash, MAC or tag" 5550100 2468 -- \
	--server prov.bti.test:"$(relay flip-2)"
t flip-key-transport refused "$EITHER" 5550100 2468 -- \
	--server prov.bti.test:"$(relay flip-3)"
t flip-key-confirm refused "hash, MAC or tag" 5550100 2468 -- \
	--server prov.bti.test:"$(relay flip-4)"
t flip-auth-result refused "hash, MAC or tag" 5550100 2468 -- \
	--server prov.bti.test:"$(relay flip-5)"
t flip-user-key refused "$EITHER" 5550100 2468 -- \
	--server prov.bti.test:"$(relay flip-6)"
# the server bound the key before PROVISIONED went; the device's ERROR
# undoes it (the host checks)
t flip-provisioned refused "hash, MAC or tag" 5550100 2468 -- \
	--server prov.bti.test:"$(relay flip-7)"
t nothing-bound-after-refusals device_is '"state":"unprovisioned"'
t interrupted interrupted
t silent-server silent_server
t modules-unloaded-mid-call port_gone
# the KEK goes to a transcript the server does not have: it cannot unwrap
t replayed-server-hello replayed "$EITHER" replay-hello
t replayed-key-transport replayed "$EITHER" replay-transport
t server-killed-then-retry server_killed
# a mistyped PIN gets one retry; two wrong ones are refused
t wrong-pin refused "wrong account number or PIN" 5550100 1111 1111 -- \
	--server prov.bti.test:$A
t mistyped-then-right mistyped_then_right
t keys-exported keep_keys
# five wrong PINs lock the account: two, two, then the fifth
fresh
refused "wrong account number" 5550199 1111 1111 -- --server prov.bti.test:$A > /dev/null
refused "wrong account number" 5550199 1111 1111 -- --server prov.bti.test:$A > /dev/null
t lockout refused "the account is locked" 5550199 1111 -- \
	--server prov.bti.test:$A
t locked-refuses-right-pin refused "the account is locked" 5550199 2468 -- \
	--server prov.bti.test:$A
echo PROVISION-END
done_vm
