#!/bin/sh
# btiprovd hearing a keypad through a channel that loses 30% of its
# packets, at random: each call is provisioned, or the caller is told the
# entry did not match and keys it again; none is left waiting, none fails.
# Calls one after another, the lockout undone between them as support
# would: a wrong entry counts, loss or not.  TAP on stdout.
# usage: voice-loss.sh SERVER-BUILD-DIR
set -u

bin=$(cd "$1" && pwd)
prefix=voice_loss
. "$(dirname "$0")/lib.sh"
calls=6
export BTIPROV_DB=$dir/store.db

subscriber 5550700 4826 > /dev/null
server s1 "$BTIPROV_DB" "input_timeout = 20" "session_timeout = 60" || exit 1

lossy_calls() {
	for i in $(seq $calls); do
		loadgen s1 -- -a 5550700 -P "$dir/pin-5550700" -L 30 \
			> "$dir/call$i" 2>&1
		"$bin/btiprov" subscriber unlock 5550700 > /dev/null 2>&1
		"$bin/btiprov" device unlock 127.0.0.1 > /dev/null 2>&1
	done
	cat "$dir"/call*
	true
}

# provisioned, or refused after the retry prompt: the load generator keys
# again only when AUTH_RESULT says the entry did not match
every_call_answered() {
	for i in $(seq $calls); do
		grep -q '^1 provisioned' "$dir/call$i" ||
			grep -q 'refused: wrong account number or PIN' "$dir/call$i" ||
			{ cat "$dir/call$i"; return 1; }
	done
	! grep 'event=session-failed\|verdict=timeout' "$dir/s1.log"
}

mostly_heard() {
	grep -o 'verdict=[a-z]*' "$dir/s1.log" | sort | uniq -c
	[ "$(cat "$dir"/call* | grep -c '^1 provisioned')" -ge $((calls / 2)) ]
}

losses_stood_in_for() {
	grep -o 'concealed=[0-9]*' "$dir/s1.log"
	! grep -q 'concealed=0\b' "$dir/s1.log" &&
		grep -q 'concealed=[1-9]' "$dir/s1.log"
}

echo "1..5"
t calls lossy_calls
t every_call_answered every_call_answered
t mostly_heard mostly_heard
t losses_stood_in_for losses_stood_in_for
t server_clean stopped_clean s1
