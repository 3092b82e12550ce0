// SPDX-License-Identifier: GPL-2.0
/*
 * make bench: how many voice frames a second the kernel's SRTP seals.
 * Loading the module seals frames of a voice channel's size (a 12-byte
 * RTP header and 160 bytes of PCMU) for a second or more, prints the
 * rate, and refuses to stay loaded.
 */
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/random.h>

#include "../../driver/core/srtp.c"

static int __init bti_srtp_bench(void)
{
	u8 key[BTI_SRTP_KEY], salt[BTI_SRTP_SALT], *pkt;
	struct bti_srtp *c;
	u64 n = 0, ns;
	ktime_t t0;
	int err;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	pkt = kzalloc(BTI_RTP_HEADER + 160 + BTI_SRTP_TAG, GFP_KERNEL);
	if (!c || !pkt) {
		err = -ENOMEM;
		goto out;
	}
	get_random_bytes(key, sizeof(key));
	get_random_bytes(salt, sizeof(salt));
	err = bti_srtp_init_session(c, key, salt);
	if (err)
		goto out;
	pkt[0] = 0x80;
	t0 = ktime_get();
	do {
		err = bti_srtp_protect(c, pkt, BTI_RTP_HEADER, 160, n++);
		ns = ktime_to_ns(ktime_sub(ktime_get(), t0));
	} while (!err && (ns < NSEC_PER_SEC || n < 1000));
	if (!err)
		pr_info("BTI-BENCH kernel-srtp-protect %llu packets/s (%llu packets of 172 bytes)\n",
			div64_u64(n * NSEC_PER_SEC, ns), n);
	bti_srtp_destroy(c);
out:
	kfree(c);
	kfree(pkt);
	return err ?: -EAGAIN;	/* measured; nothing to keep loaded */
}

module_init(bti_srtp_bench);
MODULE_DESCRIPTION("bti: SRTP sealing rate");
MODULE_LICENSE("GPL");
