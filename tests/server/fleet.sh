#!/bin/sh
# A hundred devices at once against btiprovd instances sharing one store,
# then a PIN locked across them.  TAP on stdout.
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
names=
for i in $(seq "$instances"); do
	server "s$i" "$store" "session_timeout = 120" "lock_after = 5" || exit 1
	names="$names s$i"
done

hundred() {
	# shellcheck disable=SC2086
	loadgen $names -- -a 5550300 -P "$dir/pin-5550300" -n 100 > "$dir/fleet" &&
		grep -q '100 provisioned, 0 failed' "$dir/fleet"
}

every_instance_served() {
	for s in $names; do
		[ "$(grep -c 'event=bound' "$dir/$s.log")" -ge $((100 / instances - 1)) ] ||
			return 1
	done
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

echo "1..5"
t hundred_devices hundred
t hundred_bound_once_each all_bound "$dir/fleet" 5550300 100
t every_instance_served every_instance_served
t locked_across_instances locked_across
t servers_clean stopped_clean $names
