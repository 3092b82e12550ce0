// SPDX-License-Identifier: GPL-2.0
/*
 * bti: the port core of broadband telephony interfaces.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <net/genetlink.h>

#include "bti_core.h"
#include "device.h"
#include "seal.h"
#include "testkeys.h"

unsigned int bti_hook_debounce_ms = 30;
module_param_named(hook_debounce_ms, bti_hook_debounce_ms, uint, 0444);
MODULE_PARM_DESC(hook_debounce_ms,
		 "How long loop closure must hold to count, ms (default 30)");

unsigned int bti_flash_max_ms = 750;
module_param_named(flash_max_ms, bti_flash_max_ms, uint, 0444);
MODULE_PARM_DESC(flash_max_ms,
		 "Longest on-hook break that is a flash, not a hang-up, ms (default 750)");

u32 bti_ring_cadence_ms[BTI_CADENCE_MAX];
unsigned int bti_ring_cadence_steps;
module_param_array_named(ring_cadence_ms, bti_ring_cadence_ms, uint,
			 &bti_ring_cadence_steps, 0444);
MODULE_PARM_DESC(ring_cadence_ms,
		 "Ringing cadence, ring first: on,off[,on,off...] ms (default: the line profile's)");

static char *line_profile = "";
module_param(line_profile, charp, 0444);
MODULE_PARM_DESC(line_profile,
		 "Country line profile for every line: us, gb, de, fr, jp or au (default: each line's device tree's, else us)");

unsigned int bti_session_timeout_s = 330;
module_param_named(session_timeout_s, bti_session_timeout_s, uint, 0644);
MODULE_PARM_DESC(session_timeout_s,
		 "How long a provisioning session may last, s; new sessions take a change (default 330)");

/**
 * bti_line_profile_choose - the country line profile a line is to have
 * @name: the one its device asks for; NULL or "" for none
 *
 * The module parameter ``line_profile``, when set, chooses for every
 * line; otherwise @name does, and without one a line is North American.
 *
 * Return: the profile, or NULL if there is none by that name.
 */
const struct bti_line_profile *bti_line_profile_choose(const char *name)
{
	if (*line_profile)
		name = line_profile;
	else if (!name || !*name)
		name = "us";
	return bti_profile_find(name);
}
EXPORT_SYMBOL_GPL(bti_line_profile_choose);

static int bti_core_params_check(void)
{
	struct bti_cadence c;

	if (bti_hook_debounce_ms < 5 || bti_hook_debounce_ms > 500) {
		pr_err("bti: hook_debounce_ms must be 5 to 500\n");
		return -EINVAL;
	}
	if (bti_flash_max_ms <= bti_hook_debounce_ms ||
	    bti_flash_max_ms > 5000) {
		pr_err("bti: flash_max_ms must exceed hook_debounce_ms and be at most 5000\n");
		return -EINVAL;
	}
	if (bti_ring_cadence_steps &&
	    bti_cadence_init(&c, bti_ring_cadence_ms, bti_ring_cadence_steps)) {
		pr_err("bti: ring_cadence_ms needs 2 to 8 steps, an even number, each 50 to 10000\n");
		return -EINVAL;
	}
	if (!bti_line_profile_choose(NULL)) {
		pr_err("bti: line_profile must be us, gb, de, fr, jp or au\n");
		return -EINVAL;
	}
	if (!bti_session_timeout_s || bti_session_timeout_s > 3600) {
		pr_err("bti: session_timeout_s must be 1 to 3600\n");
		return -EINVAL;
	}
	return 0;
}

static int __init bti_init(void)
{
	int err = bti_core_params_check();

	if (err)
		return err;
	err = bti_crypto_selftest();
	if (err) {
		pr_err("bti: cryptographic self-test failed, not loading\n");
		return err;
	}
	err = bti_seal_init();
	if (err)
		return err;
	err = bti_device_init();
	if (err)
		goto err_seal;
	err = bti_test_keys_init();
	if (err)
		goto err_device;
	/* last: from here, userspace may call in */
	err = bti_netlink_init();
	if (err)
		goto err_test_keys;
	return 0;

err_test_keys:
	bti_test_keys_exit();
err_device:
	bti_device_exit();
err_seal:
	bti_seal_exit();
	return err;
}

static void __exit bti_exit(void)
{
	bti_netlink_exit();
	bti_test_keys_exit();
	bti_device_exit();
	bti_seal_exit();
}

module_init(bti_init);
module_exit(bti_exit);
MODULE_DESCRIPTION("bti: broadband telephony interface port core");
MODULE_LICENSE("GPL");
MODULE_ALIAS_GENL_FAMILY("bti");
