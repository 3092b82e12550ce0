// SPDX-License-Identifier: GPL-2.0
/* btictl channel show [N]: where a port's voice channel goes, what it counted */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "btictl.h"

static const char *const counter_names[] = {
	[BTI_A_CHANNEL_COUNTERS_PACKETS_OUT] = "packets-out",
	[BTI_A_CHANNEL_COUNTERS_BYTES_OUT] = "bytes-out",
	[BTI_A_CHANNEL_COUNTERS_PACKETS_IN] = "packets-in",
	[BTI_A_CHANNEL_COUNTERS_BYTES_IN] = "bytes-in",
	[BTI_A_CHANNEL_COUNTERS_AUTH_FAILURES] = "auth-failures",
	[BTI_A_CHANNEL_COUNTERS_REPLAYS] = "replays",
	[BTI_A_CHANNEL_COUNTERS_MALFORMED] = "malformed",
	[BTI_A_CHANNEL_COUNTERS_LATE] = "late",
	[BTI_A_CHANNEL_COUNTERS_LOST] = "lost",
	[BTI_A_CHANNEL_COUNTERS_DROPPED] = "dropped",
};

/**
 * btictl_channel_counters - a channel's counters nest as a JSON object
 * @nest: the counters attribute
 */
struct json_object *btictl_channel_counters(struct nlattr *nest)
{
	struct nlattr *tc[BTI_A_CHANNEL_COUNTERS_MAX + 1] = { 0 };
	struct json_object *c = json_object_new_object();
	unsigned int i;

	nla_parse_nested(tc, BTI_A_CHANNEL_COUNTERS_MAX, nest, NULL);
	for (i = 1; i < sizeof(counter_names) / sizeof(*counter_names); i++)
		if (tc[i])
			json_object_object_add(c, counter_names[i],
				json_object_new_int64(nla_get_u64(tc[i])));
	return c;
}

static int channel_collect(struct nlattr **tb, void *arg)
{
	char addr[INET6_ADDRSTRLEN] = "";
	struct json_object *o;
	struct nlattr *a = tb[BTI_A_CHANNEL_ADDRESS];

	if (!tb[BTI_A_CHANNEL_PORT] || !a || !tb[BTI_A_CHANNEL_UDP_PORT] ||
	    !tb[BTI_A_CHANNEL_COUNTERS]) {
		fprintf(stderr, "btictl: the kernel sent an incomplete channel\n");
		return -EBADMSG;
	}
	inet_ntop(nla_len(a) == 4 ? AF_INET : AF_INET6, nla_data(a), addr,
		  sizeof(addr));
	o = json_object_new_object();
	json_object_object_add(o, "port",
		json_object_new_int(nla_get_u32(tb[BTI_A_CHANNEL_PORT])));
	json_object_object_add(o, "server", json_object_new_string(addr));
	json_object_object_add(o, "server_udp_port", json_object_new_int(
		nla_get_u16(tb[BTI_A_CHANNEL_UDP_PORT])));
	if (tb[BTI_A_CHANNEL_LOCAL_UDP_PORT])
		json_object_object_add(o, "local_udp_port", json_object_new_int(
			nla_get_u16(tb[BTI_A_CHANNEL_LOCAL_UDP_PORT])));
	if (tb[BTI_A_CHANNEL_DEVICE_SSRC])
		json_object_object_add(o, "device_ssrc", json_object_new_int64(
			nla_get_u32(tb[BTI_A_CHANNEL_DEVICE_SSRC])));
	if (tb[BTI_A_CHANNEL_SERVER_SSRC])
		json_object_object_add(o, "server_ssrc", json_object_new_int64(
			nla_get_u32(tb[BTI_A_CHANNEL_SERVER_SSRC])));
	json_object_object_add(o, "counters",
			       btictl_channel_counters(tb[BTI_A_CHANNEL_COUNTERS]));
	json_object_array_add(arg, o);
	return 0;
}

static void print_channel(struct json_object *o)
{
	struct json_object *c;

	json_object_object_foreach(o, key, val) {
		if (strcmp(key, "counters"))
			printf("%s: %s\n", key, json_object_get_string(val));
	}
	if (!json_object_object_get_ex(o, "counters", &c))
		return;
	printf("counters:\n");
	json_object_object_foreach(c, ckey, cval)
		printf("  %s: %s\n", ckey, json_object_get_string(cval));
}

int btictl_channel(struct btictl_nl *nl, int argc, char **argv, bool json)
{
	struct btictl_show show = {
		BTI_CMD_CHANNEL_GET, BTI_A_CHANNEL_PORT, &btictl_channel_attrs,
		channel_collect, print_channel,
	};

	return btictl_show(nl, &show, argc, argv, json);
}
