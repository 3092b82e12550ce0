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
};

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

const char *btictl_event_name(unsigned int ev)
{
	return ev <= BTI_EVENT_MAX ? events[ev] : "unknown";
}
