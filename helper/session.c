// SPDX-License-Identifier: GPL-2.0
/* btictl session show [N]: what a port's provisioning session waits for */
#include <errno.h>
#include <stdio.h>
#include <string.h>

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

int btictl_session(struct btictl_nl *nl, int argc, char **argv, bool json)
{
	struct json_object *all;
	unsigned int index;
	struct nl_msg *msg;
	size_t i;
	int err;

	if (argc < 1 || argc > 2 || strcmp(argv[0], "show")) {
		btictl_usage(stderr);
		return -EINVAL;
	}
	if (argc == 2 && btictl_parse_index(argv[1], &index))
		return -EINVAL;
	msg = btictl_nl_msg(nl, BTI_CMD_SESSION_GET, argc == 2 ? 0 : NLM_F_DUMP);
	if (!msg)
		return -ENOMEM;
	if (argc == 2)
		nla_put_u32(msg, BTI_A_SESSION_PORT, index);
	all = json_object_new_array();
	err = btictl_nl_call(nl, msg, &btictl_session_attrs, session_collect,
			     all);
	for (i = 0; !err && i < json_object_array_length(all); i++) {
		struct json_object *o = json_object_array_get_idx(all, i);

		if (json) {
			printf("%s\n", json_object_to_json_string_ext(o,
						JSON_C_TO_STRING_PLAIN));
			continue;
		}
		json_object_object_foreach(o, key, val)
			printf("%s: %s  ", key, json_object_get_string(val));
		printf("\n");
	}
	json_object_put(all);
	return err;
}
