#!/bin/sh
# Runs as /init for make demo: the simulated telephone is provisioned by
# btiprovd on the host ($BTI_SERVER, from the kernel command line), its
# subscriber keying the account number and PIN on the keypad.
. /lib.sh

say() { echo; echo "== $*"; }

echo DEMO-BEGIN
modprobe virtio_pci && modprobe virtio_net && net_up &&
	modprobe bti_sim part="${BTI_SIM_PART:-si3215}" && modprobe bti_si3210 &&
	mount -t configfs configfs /sys/kernel/config || echo "demo: setup failed"
say "btictl device show: the identity the kernel drew; its private half stays there"
btictl device show
say "btictl port list"
btictl port list
say "btictl provision: the subscriber of account 5550100 answers and keys 5550100# then 2468#"
person 5550100 2468 > /dev/null 2>&1 &
btictl provision --server "$BTI_SERVER" --ca /etc/bti/ca.pem --port 0 \
	--config /tmp/port0.conf
echo on > $SIM/hook
say "the configuration received"
cat /tmp/port0.conf
say "btictl device show: bound now"
btictl device show
echo DEMO-END
done_vm
