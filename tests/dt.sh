#!/bin/sh
# dt.sh KDIR OUT: the device tree binding and the board overlays in dts/,
# checked with dt-schema against KDIR's bindings (the binding refers to
# the kernel's SPI peripheral properties):
#   the binding against dt-schema's meta-schema (dt-doc-validate),
#   its example compiled and validated (dt-validate),
#   each overlay compiled (dtc, with the kernel's dt-bindings headers),
#   applied to tests/dt/rpi-base.dts (fdtoverlay) and the result validated.
# dt-schema reports without failing, so any report fails here.
set -eu

kdir=$1 out=$2
top=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$out"
mkdir -p "$out"
cp -r "$kdir/Documentation/devicetree/bindings" "$out/"
cp "$top/dts/silabs,si3210.yaml" "$out/bindings/sound/"
cd "$out"

quiet() {
	"$@" > report 2>&1 || { cat report; return 1; }
	[ ! -s report ] || { cat report; return 1; }
}

dts() {
	cpp -nostdinc -I "$kdir/include" -I "$kdir/scripts/dtc/include-prefixes" \
		-undef -D__DTS__ -x assembler-with-cpp "$1" -o "$2.pp.dts"
	dtc -@ -q -I dts -O dtb -o "$2" "$2.pp.dts"
}

quiet dt-doc-validate -u bindings bindings/sound/silabs,si3210.yaml
dt-mk-schema -j bindings > schema.json
dt-extract-example bindings/sound/silabs,si3210.yaml > example.dts
dts example.dts example.dtb
quiet dt-validate -s schema.json example.dtb
dts "$top/tests/dt/rpi-base.dts" base.dtb
quiet dt-validate -s schema.json base.dtb
for overlay in "$top"/dts/*.dtso; do
	name=$(basename "$overlay" .dtso)
	dts "$overlay" "$name.dtbo"
	fdtoverlay -i base.dtb -o "$name.dtb" "$name.dtbo"
	quiet dt-validate -s schema.json "$name.dtb"
	echo "$name: compiled, applied and valid"
done
