#!/bin/sh
# btiprov against a scratch store: TAP on stdout, one line per check.
# usage: btiprov.sh PATH-TO-BTIPROV
set -u

btiprov=$1
bin=$(dirname "$btiprov")
prefix=btiprov
. "$(dirname "$0")/lib.sh"
export BTIPROV_DB=$dir/store.db

echo 'sip:+15555550100@voice.bti.test' > "$dir/config"
{ echo 'version: 2'; cat "$dir/config"; } > "$dir/config.shown"
printf '2468\n' > "$dir/pin"
printf '24x8\n' > "$dir/badpin"

echo "1..17"
t add "$btiprov" subscriber add 5550100 "$dir/config"
t add_twice fails "already exists" "$btiprov" subscriber add 5550100
t add_invalid fails "not valid" "$btiprov" subscriber add 55a0100
t pin_from_file "$btiprov" pin set 5550100 "$dir/pin"
t pin_refused fails "4 to 12 digits" "$btiprov" pin set 5550100 "$dir/badpin"
t pin_not_argv fails "usage" "$btiprov" pin set 5550100 2468 extra
t list_json sh -c "'$btiprov' -j subscriber list |
	grep -q '\"account\":\"5550100\",\"pin\":true,\"locked\":false'"
t lock_unlock sh -c "'$btiprov' subscriber lock 5550100 &&
	'$btiprov' -j subscriber show 5550100 | grep -q '\"locked\":true' &&
	'$btiprov' subscriber unlock 5550100 &&
	'$btiprov' -j subscriber show 5550100 | grep -q '\"locked\":false'"
t audit sh -c "'$btiprov' audit && '$btiprov' -j audit | grep -q '\"event\":\"locked\"' &&
	! grep -q 2468 '$BTIPROV_DB'"
# a configuration's versions: the next at each change, audited; shown whole
head -c 65537 /dev/zero | tr '\0' x > "$dir/too-long"
t config_set sh -c "'$btiprov' config set 5550100 '$dir/config' |
	grep -qx '5550100: configuration version 2' &&
	'$btiprov' config show 5550100 | cmp - '$dir/config.shown' &&
	'$btiprov' -j subscriber show 5550100 | grep -q '\"config_version\":2' &&
	'$btiprov' audit | grep -q 'config-set .*account:5550100 .*config:2$'"
t config_too_long fails "at most 65536 bytes" \
	"$btiprov" config set 5550100 "$dir/too-long"
t config_unknown_account fails "5550199: no such entry" \
	"$btiprov" config set 5550199 "$dir/config"
t revoke_unknown fails "no such entry" "$btiprov" revoke 00
t device_unlock_unknown fails "10.0.0.1: no such entry" "$btiprov" device unlock 10.0.0.1
# a key-encryption key made, readable by its owner alone; a rotation of a
# store with no key bound seals nothing, and is audited
t kek_new sh -c "'$btiprov' kek new '$dir/kek2' | grep -qx '[0-9a-f]\\{16\\}' &&
	[ \"\$(stat -c %a '$dir/kek2')\" = 600 ]"
t kek_rotate sh -c "'$btiprov' kek rotate '$dir/kek2' | grep -q '^0 keys sealed under' &&
	'$btiprov' audit | grep -q kek-rotated"
t kek_readable_refused fails "chmod 600" sh -c "chmod 644 '$dir/kek2' &&
	'$btiprov' kek new '$dir/kek2'"
