#!/bin/sh
# Runs as /init in Debian's own kernel: the modules load, the port appears,
# and they unload.
. /lib.sh

t debian-load sh -c 'insmod /ko/configfs.ko && insmod /ko/bti.ko && insmod /ko/bti_si3210.ko && insmod /ko/bti_sim.ko'
t debian-port-list sh -c 'btictl port list && btictl -j port list | grep -q "\"chip\":\"si3215\""'
t debian-unload sh -c 'rmmod bti_sim && rmmod bti_si3210 && rmmod bti'
done_vm
