#!/bin/sh
# A hundred devices at once against btiprovd instances sharing one store,
# each instance on two event loops, then a PIN locked across them.  TAP on
# stdout.
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
# the first instance's voice ports fixed, two in a row
vport=$((40000 + $$ % 20000))
names=
for i in $(seq "$instances"); do
	ports=0
	[ "$i" != 1 ] || ports=$vport
	server "s$i" "$store" "session_timeout = 120" "lock_after = 5" \
		"loops = 2" "voice_port = $ports" || exit 1
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

echo "1..7"
t hundred_devices hundred
t hundred_bound_once_each all_bound "$dir/fleet" 5550300 100
t every_instance_served every_instance_served
t every_loop_served every_loop_served
t two_voice_ports two_voice_ports
t locked_across_instances locked_across
t servers_clean stopped_clean $names
