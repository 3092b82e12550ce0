#!/bin/sh
# Runs as /init for the provisioning scenarios: btictl provision drives
# the kernel's session against btiprovd instances on the host, reached
# through QEMU's user network at 10.0.2.2, while the simulated telephone
# plays the subscriber.  The host passes the servers' ports as
# BTI_PORTS=A,B,C,D: A offers both suites, B suite 2 alone, C holds an
# expired certificate, D one whose key usage forbids key agreement.
. /lib.sh

CA=/etc/bti/ca.pem
IFS=, read -r A B C D <<EOF
$BTI_PORTS
EOF

load() {
	insmod /ko/bti.ko && insmod /ko/bti_si3210.ko && insmod /ko/bti_sim.ko
}

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

# provisioned ACCOUNT -- BTICTL-ARGS: it works, and the host hears of it
provisioned() {
	account=$1
	shift
	prov "$account" 2468 "$@" || return 1
	grep -q "Provisioned: this device is bound as $(bound_id)" /tmp/prov.out &&
		grep -q "sip:+1$account@voice.bti.test" /tmp/port0.conf &&
		echo "BTI-BOUND $(bound_id) $account" > /dev/console
}

# reprovisioned ACCOUNT -- BTICTL-ARGS: a provisioned device again, proving
# its bound key; a symmetric key is new each time, a public one is the
# identity's and stays
reprovisioned() {
	old=$(bound_id)
	[ -n "$old" ] && device_is '"state":"provisioned"' &&
		provisioned "$@" || return 1
	if device_is '"user_key":"symmetric"'; then
		[ "$(bound_id)" != "$old" ] && echo "BTI-REPLACED $old" > /dev/console
	else
		[ "$(bound_id)" = "$old" ]
	fi
}

mistyped_then_right() {
	prov 5550100 1111 2468 -- --server prov.bti.test:$A &&
		grep -q "key them again" /tmp/prov.out &&
		echo "BTI-BOUND $(bound_id) 5550100" > /dev/console
}

# refused TEXT PERSON-ARGS -- BTICTL-ARGS: btictl fails, saying TEXT
refused() {
	text=$1
	shift
	! prov "$@" && grep -q "$text" /tmp/prov.out
}

echo PROVISION-BEGIN
load && net_up || echo "BTI-TEST FAIL setup"
t suite-1-symmetric provisioned 5550100 -- --server prov.bti.test:$A
t reprovision-symmetric reprovisioned 5550100 -- --server prov.bti.test:$A
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
# receives it.  A message the server refuses leaves the two transcripts
# apart, so the server's ERROR may itself fail the device's check.
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
t nothing-bound-after-refusals device_is '"state":"unprovisioned"'
# a mistyped PIN gets one retry; two wrong ones are refused
t wrong-pin refused "wrong account number or PIN" 5550100 1111 1111 -- \
	--server prov.bti.test:$A
t mistyped-then-right mistyped_then_right
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
