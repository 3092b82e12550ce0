#!/bin/sh
# Runs as /init for make demo.
. /lib.sh

SIM=/sys/kernel/config/bti_sim
say() { echo; echo "== $*"; }

echo DEMO-BEGIN
modprobe bti_sim && modprobe bti_si3210
mount -t configfs configfs /sys/kernel/config 2>/dev/null
say "btictl device show: the identity the kernel drew; its private half stays there"
btictl device show
say "btictl port list"
btictl port list
say "btictl events, during a scripted call: lift, dial 1 2 3 #, hang up"
btictl events 2> /tmp/events.err &
ev=$!
while ! grep -q following /tmp/events.err; do sleep 0.1; done
echo off > $SIM/hook
sleep 0.3
echo '123#' > $SIM/keys
while [ -n "$(cat $SIM/keys)" ]; do sleep 0.1; done
sleep 0.3
echo on > $SIM/hook
sleep 1.2
say "btictl port ring 0 on: the telephone rings"
btictl port ring 0 on
sleep 0.3
echo "telephone hears ringing: $(cat $SIM/ringing)"
echo off > $SIM/hook
sleep 0.5
echo "after lifting the handset, ringing: $(cat $SIM/ringing)"
echo on > $SIM/hook
sleep 1.2
kill -INT $ev
wait $ev
say "btictl port show 0"
btictl port show 0
echo DEMO-END
done_vm
