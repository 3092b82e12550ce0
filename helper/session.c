// SPDX-License-Identifier: GPL-2.0
/* btictl session show [N]: what a port's provisioning session waits for */
#include <errno.h>
#include <stdio.h>

#include <json-c/json.h>

#include "btictl.h"
#include "names.h"

static int session_collect(struct nlattr **tb, void *arg)
{
	struct json_object *o;

	if (!tb[BTI_A_SESSION_PORT] || !tb[BTI_A_SESSION_STAGE]) {
		fprintf(stderr, "btictl: the kernel sent a session without its stage\n");
		return -EBADMSG;
	}
	o = json_object_new_object();
	json_object_object_add(o, "port",
		json_object_new_int(nla_get_u32(tb[BTI_A_SESSION_PORT])));
	json_object_object_add(o, "stage", json_object_new_string(
		btictl_stage_name(nla_get_u8(tb[BTI_A_SESSION_STAGE]))));
	if (tb[BTI_A_SESSION_SUITE])
		json_object_object_add(o, "suite", json_object_new_int(
			nla_get_u8(tb[BTI_A_SESSION_SUITE])));
	if (tb[BTI_A_SESSION_USER_KEY_KIND])
		json_object_object_add(o, "user_key", json_object_new_string(
			btictl_user_key_name(nla_get_u8(tb[BTI_A_SESSION_USER_KEY_KIND]))));
	if (tb[BTI_A_SESSION_TIMEOUT])
		json_object_object_add(o, "timeout_ms", json_object_new_int64(
			nla_get_u32(tb[BTI_A_SESSION_TIMEOUT])));
	json_object_array_add(arg, o);
	return 0;
}

static void print_session(struct json_object *o)
{
	json_object_object_foreach(o, key, val)
		printf("%s: %s  ", key, json_object_get_string(val));
	printf("\n");
}

int btictl_session(struct btictl_nl *nl, int argc, char **argv, bool json)
{
	struct btictl_show show = {
		BTI_CMD_SESSION_GET, BTI_A_SESSION_PORT, &btictl_session_attrs,
		session_collect, print_session,
	};

	return btictl_show(nl, &show, argc, argv, json);
}
