/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * bti generic netlink family, version 1.
 *
 * Documentation/netlink/specs/bti.yaml is the source of this ABI;
 * tests/check-uapi.py fails the build when the two disagree.
 */
#ifndef _UAPI_LINUX_BTI_H
#define _UAPI_LINUX_BTI_H

#define BTI_FAMILY_NAME		"bti"
#define BTI_FAMILY_VERSION	1
#define BTI_MCGRP_EVENTS	"events"

enum bti_hook {
	BTI_HOOK_ON,
	BTI_HOOK_OFF,
};

/* The SLIC's line feed, as the chip drives tip and ring. */
enum bti_linefeed {
	BTI_LINEFEED_OPEN,
	BTI_LINEFEED_FORWARD_ACTIVE,
	BTI_LINEFEED_FORWARD_OHT,
	BTI_LINEFEED_TIP_OPEN,
	BTI_LINEFEED_RINGING,
	BTI_LINEFEED_REVERSE_ACTIVE,
	BTI_LINEFEED_REVERSE_OHT,
	BTI_LINEFEED_RING_OPEN,

	/* private: */
	__BTI_LINEFEED_CNT,
	BTI_LINEFEED_MAX = (__BTI_LINEFEED_CNT - 1)
};

enum bti_event {
	BTI_EVENT_HOOK,
	BTI_EVENT_FLASH,
	BTI_EVENT_DIGIT,
	BTI_EVENT_RING,

	/* private: */
	__BTI_EVENT_CNT,
	BTI_EVENT_MAX = (__BTI_EVENT_CNT - 1)
};

/* Where the device stands in provisioning. */
enum bti_device_state {
	BTI_DEVICE_STATE_UNPROVISIONED,
	BTI_DEVICE_STATE_PROVISIONING,
	BTI_DEVICE_STATE_PROVISIONED,
};

enum {
	BTI_A_PORT_INDEX = 1,
	BTI_A_PORT_NAME,
	BTI_A_PORT_CHIP,
	BTI_A_PORT_HOOK,
	BTI_A_PORT_LINEFEED,
	BTI_A_PORT_RING,
	BTI_A_PORT_COUNTERS,
	BTI_A_PORT_EVENT,
	BTI_A_PORT_DIGIT,

	/* private: */
	__BTI_A_PORT_CNT,
	BTI_A_PORT_MAX = (__BTI_A_PORT_CNT - 1)
};

enum {
	BTI_A_COUNTERS_OFFHOOKS = 1,
	BTI_A_COUNTERS_ONHOOKS,
	BTI_A_COUNTERS_FLASHES,
	BTI_A_COUNTERS_DIGITS,
	BTI_A_COUNTERS_RINGS,
	BTI_A_COUNTERS_FRAMES_UP,
	BTI_A_COUNTERS_PAD,

	/* private: */
	__BTI_A_COUNTERS_CNT,
	BTI_A_COUNTERS_MAX = (__BTI_A_COUNTERS_CNT - 1)
};

enum {
	BTI_A_DEVICE_STATE = 1,
	BTI_A_DEVICE_PUBLIC_KEY,
	BTI_A_DEVICE_ID,

	/* private: */
	__BTI_A_DEVICE_CNT,
	BTI_A_DEVICE_MAX = (__BTI_A_DEVICE_CNT - 1)
};

enum {
	BTI_A_KEY_BLOB = 1,

	/* private: */
	__BTI_A_KEY_CNT,
	BTI_A_KEY_MAX = (__BTI_A_KEY_CNT - 1)
};

enum {
	BTI_CMD_PORT_GET = 1,
	BTI_CMD_PORT_SET,
	BTI_CMD_PORT_EVENT,
	BTI_CMD_DEVICE_GET,
	BTI_CMD_KEY_EXPORT,
	BTI_CMD_KEY_IMPORT,

	/* private: */
	__BTI_CMD_CNT,
	BTI_CMD_MAX = (__BTI_CMD_CNT - 1)
};

#endif /* _UAPI_LINUX_BTI_H */
