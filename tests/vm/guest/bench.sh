#!/bin/sh
# Runs as /init for make bench: each measurement prints a BTI-BENCH line.
. /lib.sh

# the module measures as it loads and declines to stay
modprobe bti_srtp_bench 2>/dev/null
srtp-peer bench 200000
done_vm
