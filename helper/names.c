// SPDX-License-Identifier: GPL-2.0
/* The words btictl uses for the values of the bti ABI. */
#include <string.h>
#include <linux/bti.h>

#include "names.h"

static const char *const linefeeds[] = {
	[BTI_LINEFEED_OPEN] = "open",
	[BTI_LINEFEED_FORWARD_ACTIVE] = "forward-active",
	[BTI_LINEFEED_FORWARD_OHT] = "forward-oht",
	[BTI_LINEFEED_TIP_OPEN] = "tip-open",
	[BTI_LINEFEED_RINGING] = "ringing",
	[BTI_LINEFEED_REVERSE_ACTIVE] = "reverse-active",
	[BTI_LINEFEED_REVERSE_OHT] = "reverse-oht",
	[BTI_LINEFEED_RING_OPEN] = "ring-open",
};

static const char *const events[] = {
	[BTI_EVENT_HOOK] = "hook",
	[BTI_EVENT_FLASH] = "flash",
	[BTI_EVENT_DIGIT] = "digit",
	[BTI_EVENT_RING] = "ring",
	[BTI_EVENT_ALARM] = "alarm",
};

static const char *const alarms[] = {
	[BTI_ALARM_POWER] = "power",
	[BTI_ALARM_CHIP_RESET] = "chip-reset",
};

static const char *const stages[] = {
	[BTI_SESSION_STAGE_WAIT_HELLO] = "wait-hello",
	[BTI_SESSION_STAGE_WAIT_CONFIRM] = "wait-confirm",
	[BTI_SESSION_STAGE_WAIT_AUTH] = "wait-auth",
	[BTI_SESSION_STAGE_WAIT_PROVISIONED] = "wait-provisioned",
	[BTI_SESSION_STAGE_FAILED] = "failed",
};

static const char *const ends[] = {
	[BTI_SESSION_END_DONE] = "done",
	[BTI_SESSION_END_REFUSED] = "refused",
	[BTI_SESSION_END_FAILED] = "failed",
	[BTI_SESSION_END_PEER_ERROR] = "server-error",
	[BTI_SESSION_END_STOPPED] = "stopped",
	[BTI_SESSION_END_TIMEOUT] = "timeout",
	[BTI_SESSION_END_OWNER_GONE] = "owner-gone",
	[BTI_SESSION_END_PORT_GONE] = "port-gone",
};

static const char *const errors[] = {
	[BTI_ERROR_VERSION] = "version",
	[BTI_ERROR_SUITE] = "suite",
	[BTI_ERROR_UNEXPECTED] = "unexpected",
	[BTI_ERROR_MALFORMED] = "malformed",
	[BTI_ERROR_INTEGRITY] = "integrity",
	[BTI_ERROR_CERTIFICATE] = "certificate",
	[BTI_ERROR_CONFIRM] = "confirm",
	[BTI_ERROR_BUSY] = "busy",
	[BTI_ERROR_LOCKED] = "locked",
	[BTI_ERROR_TIMEOUT] = "timeout",
	[BTI_ERROR_INTERNAL] = "internal",
};

#define NAME(table, v)							\
	((v) < sizeof(table) / sizeof(*(table)) && (table)[v] ? (table)[v] : \
	 "unknown")

const char *btictl_stage_name(unsigned int stage)
{
	return NAME(stages, stage);
}

const char *btictl_end_name(unsigned int end)
{
	return NAME(ends, end);
}

const char *btictl_error_name(unsigned int code)
{
	return NAME(errors, code);
}

const char *btictl_user_key_name(unsigned int kind)
{
	return kind == BTI_USER_KEY_KIND_SYMMETRIC ? "symmetric" :
	       kind == BTI_USER_KEY_KIND_PUBLIC ? "public" : "unknown";
}

const char *btictl_linefeed_name(unsigned int lf)
{
	return lf <= BTI_LINEFEED_MAX ? linefeeds[lf] : "unknown";
}

int btictl_linefeed_parse(const char *name)
{
	unsigned int i;

	for (i = 0; i <= BTI_LINEFEED_MAX; i++)
		if (!strcmp(name, linefeeds[i]))
			return i;
	return -1;
}

const char *btictl_alarm_name(unsigned int alarm)
{
	return alarm <= BTI_ALARM_MAX ? alarms[alarm] : "unknown";
}

const char *btictl_event_name(unsigned int ev)
{
	return ev <= BTI_EVENT_MAX ? events[ev] : "unknown";
}
