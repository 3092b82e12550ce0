#!/bin/sh
# A hundred devices at once against btiprovd instances sharing one store,
# each instance on two event loops, then a PIN locked across them, and the
# instances' metrics, scraped meanwhile and after, against the store.  TAP
# on stdout.
# usage: fleet.sh SERVER-BUILD-DIR STORE INSTANCES NAME
#   STORE is a SQLite file or a PostgreSQL URI; NAME prefixes the tests.
set -u

bin=$(cd "$1" && pwd)
store=$2 instances=$3 prefix=$4
. "$(dirname "$0")/lib.sh"
[ "$store" != sqlite ] || store=$dir/store.db
export BTIPROV_DB=$store

subscriber 5550300 1357 > /dev/null
subscriber 5550400 8642 > /dev/null
echo 9999 > "$dir/wrong"
audit_base=$("$bin/btiprov" audit | wc -l)
# the first instance's voice ports fixed, two in a row, below the
# ephemeral ports and lib.sh's
vport=$((10000 + $$ % 9999))
names=
for i in $(seq "$instances"); do
	ports=0
	[ "$i" != 1 ] || ports=$vport
	server "s$i" "$store" "session_timeout = 120" "lock_after = 5" \
		"loops = 2" "voice_port = $ports" || exit 1
	names="$names s$i"
done

logs=
for s in $names; do
	logs="$logs $dir/$s.log"
done

# scrape NAME: every instance's metrics, summed, into $dir/NAME
scrape() {
	# shellcheck disable=SC2086
	/usr/bin/python3 "$top/tests/server/metrics.py" $logs > "$dir/$1"
}

# metric NAME FILE: a sample's value in a scrape
metric() {
	awk -v k="$1" '$1 == k { print $2 }' "$2"
}

# the hundred, with the metrics scraped while their calls are on
hundred() {
	# shellcheck disable=SC2086
	mkdir -p "$dir/kept"
	loadgen $names -- -a 5550300 -P "$dir/pin-5550300" -n 100 \
		-K "$dir/kept" > "$dir/fleet" &
	lg=$!
	sleep 4
	scrape during || { kill "$lg"; return 1; }
	wait "$lg" && grep -q '100 provisioned, 0 failed' "$dir/fleet"
}

# while the hundred were under way, sessions were open, and some in a call
scraped_during() {
	cat "$dir/during"
	[ "$(awk '/^btiprovd_sessions\{/ { n += $2 } END { print n + 0 }' \
		"$dir/during")" -gt 0 ] &&
		[ "$(metric 'btiprovd_sessions{stage="call"}' "$dir/during")" -gt 0 ]
}

# audited EVENT...: the audit log's records of those events, since the
# servers started (a PostgreSQL store holds the store tests' before them)
audited() {
	"$bin/btiprov" audit | tail -n +$((audit_base + 1)) |
		awk -v e=" $* " 'index(e, " " $2 " ") { n++ } END { print n + 0 }'
}

# after it all, the metrics count what the store holds: each binding and
# PIN verdict (its audit record), the lock, no session left open, no
# store error, and a latency for every check
metrics_agree() {
	scrape after || return 1
	cat "$dir/after"
	checks=$(($(audited pin-ok pin-wrong pin-wrong-backoff pin-wrong-locked \
		pin-waiting pin-locked)))
	[ "$(metric btiprovd_bindings_total "$dir/after")" = "$(audited bound)" ] &&
		[ "$(metric 'btiprovd_pin_checks_total{verdict="accepted"}' "$dir/after")" = \
		  "$(audited pin-ok)" ] &&
		[ "$(metric 'btiprovd_pin_checks_total{verdict="wrong"}' "$dir/after")" = \
		  "$(audited pin-wrong pin-wrong-backoff pin-wrong-locked)" ] &&
		[ "$(metric 'btiprovd_pin_checks_total{verdict="locked"}' "$dir/after")" = \
		  "$(audited pin-locked)" ] &&
		[ "$(metric btiprovd_pin_locks_total "$dir/after")" = 1 ] &&
		[ "$(metric btiprovd_pin_check_seconds_count "$dir/after")" = "$checks" ] &&
		[ "$(awk '/^btiprovd_sessions\{/ { n += $2 } END { print n + 0 }' \
			"$dir/after")" = 0 ] &&
		[ "$(metric 'btiprovd_store_errors_total{error="unavailable"}' "$dir/after")" = 0 ] &&
		[ "$(metric 'btiprovd_voice_frames_total{kind="heard"}' "$dir/after")" -gt 0 ]
}

every_instance_served() {
	for s in $names; do
		[ "$(grep -c 'event=bound' "$dir/$s.log")" -ge $((100 / instances - 1)) ] ||
			return 1
	done
}

# every loop of every instance took sessions
every_loop_served() {
	for s in $names; do
		grep -q 'event=session-start .* loop=0 ' "$dir/$s.log" &&
			grep -q 'event=session-start .* loop=1 ' "$dir/$s.log" ||
			return 1
	done
}

# the first instance's calls went through its two voice ports, and it
# holds no UDP socket but those
two_voice_ports() {
	ss -Huanp | grep "pid=$(cat "$dir/s1.pid")," |
		awk '{ n = split($4, a, ":"); print a[n] }' | sort > "$dir/ports"
	printf '%s\n%s\n' "$vport" $((vport + 1)) | cmp - "$dir/ports" &&
		grep -q "event=loop loop=1 voice_port=$((vport + 1))" "$dir/s1.log"
}

# Five wrong PINs, from the instances in turn, lock the account on all:
# two and two (each session has a retry), then one more.
locked_across() {
	set -- $names
	last=${2:-$1}
	fails "wrong account number" loadgen "$1" -- -a 5550400 -P "$dir/wrong" &&
		fails "wrong account number" loadgen "$last" -- -a 5550400 -P "$dir/wrong" &&
		fails locked loadgen "$1" -- -a 5550400 -P "$dir/wrong" &&
		fails locked loadgen "$last" -- -a 5550400 -P "$dir/pin-5550400" &&
		"$bin/btiprov" -j subscriber show 5550400 | grep -q '"failures":5'
}

# the store, as files or as a dump, holds none of the hundred's keys in
# the clear, where the keys' own files are found to hold them
no_key_in_clear() {
	if [ -f "$store" ]; then
		set -- "$store"
		[ ! -f "$store-wal" ] || set -- "$@" "$store-wal"
	else
		"$top/tests/server/pg.sh" dump "$store" > "$dir/dump.sql" ||
			return 1
		set -- "$dir/dump.sql"
	fi
	! /usr/bin/python3 "$top/tests/server/keyscan.py" "$dir"/kept/*.key -- \
		"$dir"/kept/*.key > /dev/null &&
		/usr/bin/python3 "$top/tests/server/keyscan.py" "$dir"/kept/*.key -- "$@"
}

echo "1..11"
t hundred_devices hundred
t metrics_scraped_during scraped_during
t hundred_bound_once_each all_bound "$dir/fleet" 5550300 100
t every_instance_served every_instance_served
t every_loop_served every_loop_served
t two_voice_ports two_voice_ports
t locked_across_instances locked_across
t metrics_agree_with_store metrics_agree
t healthz_ok sh -c "/usr/bin/python3 '$top/tests/server/metrics.py' --healthz $logs | sort -u | grep -qx 200"
t servers_clean stopped_clean $names
t no_key_in_clear no_key_in_clear
