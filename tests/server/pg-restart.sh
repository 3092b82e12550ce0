#!/bin/sh
# btiprovd when what it stands on fails: PostgreSQL restarted under a
# provisioning storm.  TAP on stdout.
# usage: pg-restart.sh SERVER-BUILD-DIR PG-DIR
#   PG-DIR holds a server tests/server/pg.sh started; a database of its
#   own is made there.
set -u

bin=$(cd "$1" && pwd)
pgdir=$2 prefix=pg_restart
. "$(dirname "$0")/lib.sh"
uri=$("$top/tests/server/pg.sh" db "$pgdir" bti_restart) || exit 1
export BTIPROV_DB=$uri

subscriber 5550500 2580 > /dev/null
server s1 "$uri" "session_timeout = 120" || exit 1
server s2 "$uri" "session_timeout = 120" || exit 1

bound_so_far() {
	cat "$dir/s1.log" "$dir/s2.log" | grep -c 'event=bound'
}

provisioned() {
	sed -n 's/^\([0-9]*\) provisioned, .*/\1/p' "$dir/storm"
}

# 100 devices arriving over 10 s on two instances; PostgreSQL restarts
# once a fifth of them are bound.  A statement in flight as the server
# goes cannot be known to have run, so its device is refused, with the
# store's ERROR(internal), and may try again: a handful may be, no more,
# and for no other reason.
storm_through_restart() {
	loadgen s1 s2 -- -a 5550500 -P "$dir/pin-5550500" -n 100 -R 10 \
		> "$dir/storm" 2> "$dir/storm.err" &
	lpid=$!
	i=0
	while [ "$(bound_so_far)" -lt 20 ] && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	before=$(bound_so_far)
	"$top/tests/server/pg.sh" restart "$pgdir" || return 1
	echo "restarted with $before of 100 bound"
	wait $lpid
	grep -v "^provisioned" "$dir/storm" "$dir/storm.err" | sort | uniq -c | sort -rn
	[ "$before" -lt 100 ] && [ "$(provisioned)" -ge 95 ] &&
		[ "$(grep -c . "$dir/storm.err")" = $((100 - $(provisioned))) ] &&
		! grep -v 'the server sent ERROR 11$' "$dir/storm.err"
}

# no binding lost, none twice, none for a device that was refused
bound_once_each() {
	all_bound "$dir/storm" 5550500 "$(provisioned)"
}

# the instances' next sessions find the database again by themselves, and
# their metrics count the connections made again
after_restart() {
	loadgen s1 s2 -- -a 5550500 -P "$dir/pin-5550500" -n 10 > "$dir/after" &&
		grep -q '10 provisioned, 0 failed' "$dir/after" &&
		cat "$dir/storm" "$dir/after" > "$dir/both" &&
		all_bound "$dir/both" 5550500 $(($(provisioned) + 10)) &&
		/usr/bin/python3 "$top/tests/server/metrics.py" "$dir/s1.log" \
			"$dir/s2.log" |
		grep -qx 'btiprovd_store_reconnects_total [1-9][0-9]*'
}

echo "1..4"
t storm storm_through_restart
t bound_once_each bound_once_each
t then_more after_restart
t servers_clean stopped_clean s1 s2
