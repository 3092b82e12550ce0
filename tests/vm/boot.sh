#!/bin/sh
# boot.sh KERNEL INITRAMFS LOG
# Boot by software emulation (KVM is not available here) and keep the
# serial console in LOG.  The guest powers off by rebooting; -no-reboot
# turns that into QEMU exiting.
set -eu

kernel=$1 initrd=$2 log=$3
: > "$log"
timeout ${BTI_VM_TIMEOUT:-900} qemu-system-x86_64 \
	-machine q35 -cpu max -smp 2 -m 2048 \
	-accel tcg,thread=multi \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 oops=panic loglevel=7 ${BTI_VM_APPEND:-}" \
	-nographic -no-reboot ${BTI_VM_NIC:--nic none} -serial file:"$log" -monitor none \
	-display none </dev/null >/dev/null 2>&1 || true
grep -q '^BTI-VM-DONE' "$log"
