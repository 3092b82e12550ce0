/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What bti needs of the kernel that moved between Linux 6.1 and the newest
 * release it is built for.  The code is written against the newest
 * interfaces; this header gives them to older kernels, so no other file
 * asks which kernel it is built for.  Kbuild reads the kernel's headers
 * for what they have (BTI_HAVE_*): vendor kernels backport interfaces, so
 * a version number would lie.
 */
#ifndef _BTI_COMPAT_H
#define _BTI_COMPAT_H

#include <linux/hrtimer.h>
#include <net/genetlink.h>

/* 6.12 moved the unaligned accessors out of asm/ */
#ifdef BTI_HAVE_LINUX_UNALIGNED_H
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/* 6.13 added hrtimer_setup(); 7.2 no longer has hrtimer_init() */
#ifndef BTI_HAVE_HRTIMER_SETUP
static inline void
hrtimer_setup(struct hrtimer *timer,
	      enum hrtimer_restart (*function)(struct hrtimer *),
	      clockid_t clock_id, enum hrtimer_mode mode)
{
	hrtimer_init(timer, clock_id, mode);
	timer->function = function;
}
#endif

/* after 6.12 kernel_connect() took an address type of its own (7.2 has it) */
#ifndef BTI_HAVE_SOCKADDR_UNSIZED
#define sockaddr_unsized sockaddr
#endif

/* after 6.12 a GPIO controller's set() returns an error (7.2 has it) */
#ifdef BTI_HAVE_GPIO_SET_INT
#define BTI_GPIO_SET_RET	int
#define BTI_GPIO_SET_DONE	0
#else
#define BTI_GPIO_SET_RET	void
#define BTI_GPIO_SET_DONE
#endif

/* 6.16 renamed lib/crypto's SHA-256 state; the calls kept their shape */
#ifndef BTI_HAVE_SHA256_CTX
#define sha256_ctx	sha256_state
#endif

/* 6.13 made symbol namespaces strings: KUnit tests import bti.ko's so */
#ifdef BTI_HAVE_NS_STRING
#define BTI_KUNIT_IMPORT_NS	MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING")
#else
#define BTI_KUNIT_IMPORT_NS	MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING)
#endif

/*
 * 6.2 split genetlink's operations into a do and a dump each, with their
 * own pre_doit and post_doit: what the YNL generator writes
 * (driver/core/netlink-gen.c).  6.1 takes one operation per command and
 * the hooks from the family, so there the family registers the split
 * operations merged (driver/core/netlink_legacy.c).
 */
/* 6.2 named a binary attribute's greatest length so */
#ifndef NLA_POLICY_MAX_LEN
#define NLA_POLICY_MAX_LEN(_len)	{ .type = NLA_BINARY, .len = _len }
#endif

#ifdef BTI_HAVE_GENL_SPLIT_OPS
static inline int bti_genl_register_family(struct genl_family *family,
					   const struct genl_split_ops *ops,
					   unsigned int n)
{
	family->split_ops = ops;
	family->n_split_ops = n;
	return genl_register_family(family);
}
#else
struct genl_split_ops {
	int (*pre_doit)(const struct genl_split_ops *ops, struct sk_buff *skb,
			struct genl_info *info);
	int (*doit)(struct sk_buff *skb, struct genl_info *info);
	void (*post_doit)(const struct genl_split_ops *ops,
			  struct sk_buff *skb, struct genl_info *info);
	int (*start)(struct netlink_callback *cb);
	int (*dumpit)(struct sk_buff *skb, struct netlink_callback *cb);
	int (*done)(struct netlink_callback *cb);
	const struct nla_policy *policy;
	unsigned int maxattr;
	u8 cmd;
	u8 internal_flags;
	u8 flags;
	u8 validate;
};

int bti_genl_register_family(struct genl_family *family,
			     const struct genl_split_ops *ops, unsigned int n);
#endif

/*
 * Linux 6.1.66 (and 6.7) let a multicast group ask CAP_NET_ADMIN of its
 * listeners.  The events group carries digits, PINs among them, and 6.1
 * has no other way to keep listeners out of it, so an older kernel is
 * refused here rather than given a driver that publishes them to anyone.
 */
#ifndef GENL_MCAST_CAP_NET_ADMIN
#error "bti needs Linux 6.1.66 or later: its events group needs GENL_MCAST_CAP_NET_ADMIN"
#endif

#endif /* _BTI_COMPAT_H */
