#!/bin/sh
# Runs as /init in Debian's own kernel: the modules load, the port appears,
# and they unload.
. /lib.sh

t debian-load sh -c 'modprobe bti_sim && modprobe bti_si3210'
t debian-selftest sh -c 'grep -q "^bti " /proc/modules && ! dmesg | grep -q "self-test failed"'
t debian-port-list sh -c 'btictl port list && btictl -j port list | grep -q "\"chip\":\"si3215\""'
t debian-no-session sh -c 'btictl session show 0 2>&1 | grep -q "no provisioning session"'
t debian-no-test-keys sh -c '! dmesg | grep -q BTI_TEST_KEYS && [ ! -e /sys/kernel/debug/bti ]'
t debian-unload sh -c 'rmmod bti_sim && rmmod bti_si3210 && rmmod bti'
done_vm
