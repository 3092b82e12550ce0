// SPDX-License-Identifier: GPL-2.0
/* btictl device show */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "btictl.h"
#include "names.h"

static const char *const states[] = {
	[BTI_DEVICE_STATE_UNPROVISIONED] = "unprovisioned",
	[BTI_DEVICE_STATE_PROVISIONING] = "provisioning",
	[BTI_DEVICE_STATE_PROVISIONED] = "provisioned",
};

static struct json_object *hex(const struct nlattr *a)
{
	const unsigned char *p = nla_data(a);
	char s[2 * 65 + 1];
	int i;

	for (i = 0; i < nla_len(a) && i < 65; i++)
		sprintf(s + 2 * i, "%02x", p[i]);
	s[2 * i] = 0;
	return json_object_new_string(s);
}

static int device_collect(struct nlattr **tb, void *arg)
{
	struct json_object *o = arg;
	unsigned int st;

	if (!tb[BTI_A_DEVICE_STATE] || !tb[BTI_A_DEVICE_PUBLIC_KEY] ||
	    !tb[BTI_A_DEVICE_ID]) {
		fprintf(stderr, "btictl: the kernel sent an incomplete device\n");
		return -EBADMSG;
	}
	st = nla_get_u8(tb[BTI_A_DEVICE_STATE]);
	json_object_object_add(o, "state", json_object_new_string(
		st < sizeof(states) / sizeof(*states) ? states[st] : "unknown"));
	json_object_object_add(o, "public_key",
			       hex(tb[BTI_A_DEVICE_PUBLIC_KEY]));
	json_object_object_add(o, "device_id", hex(tb[BTI_A_DEVICE_ID]));
	if (tb[BTI_A_DEVICE_USER_KEY_KIND] && tb[BTI_A_DEVICE_USER_KEY_ID]) {
		json_object_object_add(o, "user_key", json_object_new_string(
			btictl_user_key_name(nla_get_u8(tb[BTI_A_DEVICE_USER_KEY_KIND]))));
		json_object_object_add(o, "user_key_id",
				       hex(tb[BTI_A_DEVICE_USER_KEY_ID]));
	}
	return 0;
}

int btictl_device(struct btictl_nl *nl, int argc, char **argv, bool json)
{
	struct json_object *o;
	struct nl_msg *msg;
	int err;

	if (argc != 1 || strcmp(argv[0], "show")) {
		btictl_usage(stderr);
		return -EINVAL;
	}
	msg = btictl_nl_msg(nl, BTI_CMD_DEVICE_GET, 0);
	if (!msg)
		return -ENOMEM;
	o = json_object_new_object();
	err = btictl_nl_call(nl, msg, &btictl_device_attrs, device_collect, o);
	if (!err && json) {
		printf("%s\n", json_object_to_json_string_ext(o,
					JSON_C_TO_STRING_PLAIN));
	} else if (!err) {
		json_object_object_foreach(o, key, val)
			printf("%s: %s\n", key, json_object_get_string(val));
	}
	json_object_put(o);
	return err;
}
