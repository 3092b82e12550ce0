#!/bin/sh
# make demo: btiprovd on this host with a demo subscriber on SQLite, and
# Debian's own kernel in QEMU with bti and the simulated telephone, which
# is provisioned: its subscriber keys the account number and PIN on it.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/demo
rm -rf "$out"
mkdir -p "$out"

"$top/tests/deps.sh"
deb=$("$top/tests/vm/debian-kernel.sh" 2>/dev/null)
kdir=$(ls -d /usr/src/linux-headers-*-amd64 | sort -V | tail -n 1)
echo "demo: building the modules for $(basename "$kdir") and btictl"
mkdir -p "$out/kmod"
cp -r "$top/Kbuild" "$top/driver" "$top/uapi" "$out/kmod/"
make -s -C "$kdir" M="$out/kmod" modules > "$out/build.log" 2>&1 ||
	{ cat "$out/build.log"; exit 1; }
make -s -C "$top/helper" btictl
make -s -C "$top/server" btiprovd btiprov prompts > "$out/server.log" 2>&1 ||
	{ cat "$out/server.log"; exit 1; }

# the server, on a SQLite store in $out, with one subscriber
pki=$top/tests/vectors/pki
port=$((20000 + $$ % 20000))
export BTIPROV_DB=$out/store.db
cat "$pki/server-p256.pem" "$pki/ca.pem" > "$out/chain.pem"
cat > "$out/btiprovd.conf" <<CONF
listen = 127.0.0.1:$port
voice = 127.0.0.1
voice_advertise = 10.0.2.2
store = $out/store.db
kek = $out/kek
p256_key = $pki/server-p256.key
p256_chain = $out/chain.pem
prompts = $top/server/build/prompts
CONF
[ -e "$out/kek" ] || "$top/server/build/btiprov" kek new "$out/kek" > /dev/null
echo 'sip:+15550100@voice.bti.test' > "$out/config"
echo 2468 > "$out/pin"
"$top/server/build/btiprov" subscriber add 5550100 "$out/config"
"$top/server/build/btiprov" pin set 5550100 "$out/pin"
"$top/server/build/btiprovd" "$out/btiprovd.conf" 2> "$out/btiprovd.log" &
server=$!
trap 'kill $server 2> /dev/null' EXIT
echo "demo: btiprovd serves account 5550100 on port $port (log: $out/btiprovd.log)"

"$top/tests/vm/debian-modtree.sh" "$deb" "$out/modules" "$out"/kmod/bti*.ko
MODTREE=$out/modules ETC_FILES=$pki/ca.pem "$top/tests/vm/initramfs.sh" \
	"$out/demo.cpio.gz" "$top/tests/vm/guest/demo.sh"
echo "demo: booting $(basename "$(ls "$deb"/root/boot/vmlinuz-*)") in QEMU (software emulation, a minute or two)"
BTI_VM_NIC="-nic user,model=virtio-net-pci" \
BTI_VM_APPEND="quiet loglevel=3 BTI_SERVER=prov.bti.test:$port BTI_SIM_PART=${BTI_SIM_PART:-si3215}" "$top/tests/vm/boot.sh" \
	"$(ls "$deb"/root/boot/vmlinuz-*)" "$out/demo.cpio.gz" "$out/console.log" ||
	{ echo "demo: the VM did not finish; see $out/console.log"; exit 1; }
sed -n '/^DEMO-BEGIN/,/^DEMO-END/p' "$out/console.log" | tr -d '\r' |
	grep -v '^DEMO-'
echo
echo "== btiprov bindings, on the host: the device bound to the account"
"$top/server/build/btiprov" bindings
id=$("$top/server/build/btiprov" bindings | awk '$2 == 5550100 && !/revoked/ { print $1 }')
[ -n "$id" ] || { echo "demo: nothing was bound"; exit 1; }
echo "demo: device $id is bound to account 5550100"
