# SPDX-License-Identifier: GPL-2.0
#
# make              modules for KDIR and btictl
# make check        every test, in VMs; installs what it needs
# make matrix       the modules tested on each kernel bti supports
# make demo         the line demo in a VM with Debian's own kernel
# make bench        figures against references measured in the same run
# make locks        bti's lock hold and wait times under provisioning
# make fuzz         libFuzzer over btiprovd's protocol engine (FUZZ_SECONDS)
# make netlink-gen  driver/core/netlink-gen.[ch] again from the YNL spec
#
# KDIR is the kernel build tree to build the modules for; by default the
# running kernel's, or Debian's linux-headers-amd64 where that is missing.

KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
		    $(lastword $(sort $(wildcard /usr/src/linux-headers-*-amd64))))

all: modules helper

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

helper:
	$(MAKE) -C helper

check:
	tests/run.sh

matrix:
	tests/matrix.sh

demo:
	tests/demo.sh

bench:
	tests/bench.sh

locks:
	tests/locks.sh

fuzz:
	tests/fuzz/run.sh

# the generator of the newest Linux that Debian has, as make check uses
netlink-gen:
	tests/deps.sh
	tests/netlink-gen.sh "$$(tests/vm/build-kernel.sh sid prepare)"

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C helper clean
	rm -rf build

.PHONY: all modules helper check matrix demo bench locks fuzz netlink-gen clean
