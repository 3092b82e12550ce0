// SPDX-License-Identifier: GPL-2.0
/*
 * btictl: the command line of bti.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "btictl.h"

void btictl_usage(FILE *f)
{
	fputs("usage: btictl [-j] port list\n"
	      "       btictl [-j] port show N\n"
	      "       btictl port set N [ring on|off] [linefeed NAME]\n"
	      "       btictl port ring N on|off\n"
	      "       btictl [-j] events\n"
	      "       btictl [-j] device show\n"
	      "       btictl [-j] session show [N]\n"
	      "       btictl [-j] channel show [N]\n"
	      "       btictl key export|import FILE\n"
	      "       btictl provision --server HOST[:PORT] --ca FILE --port N\n"
	      "               [--user-key symmetric|public] [--config FILE]\n"
	      "  -j  JSON output\n", f);
}

/* show [N]: port N's object, or every port's that has one */
int btictl_show(struct btictl_nl *nl, const struct btictl_show *show,
		int argc, char **argv, bool json)
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
	msg = btictl_nl_msg(nl, show->cmd, argc == 2 ? 0 : NLM_F_DUMP);
	if (!msg)
		return -ENOMEM;
	if (argc == 2)
		nla_put_u32(msg, show->port_attr, index);
	all = json_object_new_array();
	err = btictl_nl_call(nl, msg, show->set, show->collect, all);
	for (i = 0; !err && i < json_object_array_length(all); i++) {
		struct json_object *o = json_object_array_get_idx(all, i);

		if (json)
			printf("%s\n", json_object_to_json_string_ext(o,
						JSON_C_TO_STRING_PLAIN));
		else
			show->print(o);
	}
	json_object_put(all);
	return err;
}

int main(int argc, char **argv)
{
	struct btictl_nl nl;
	bool json = false;
	int opt, err;

	while ((opt = getopt(argc, argv, "+jh")) != -1) {
		switch (opt) {
		case 'j':
			json = true;
			break;
		case 'h':
			btictl_usage(stdout);
			return 0;
		default:
			btictl_usage(stderr);
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1 || (strcmp(argv[0], "port") && strcmp(argv[0], "events") &&
			  strcmp(argv[0], "device") && strcmp(argv[0], "key") &&
			  strcmp(argv[0], "session") && strcmp(argv[0], "channel") &&
			  strcmp(argv[0], "provision"))) {
		btictl_usage(stderr);
		return 2;
	}

	err = btictl_nl_open(&nl);
	if (err == -ENOENT) {
		fprintf(stderr, "btictl: no bti family here: the bti module is not loaded (modprobe bti), or this is not the initial network namespace\n");
		return 1;
	}
	if (err) {
		fprintf(stderr, "btictl: cannot open generic netlink: %s\n",
			strerror(-err));
		return 1;
	}
	if (!strcmp(argv[0], "provision")) {
		err = btictl_provision(&nl, argc, argv);
		btictl_nl_close(&nl);
		return err;
	}
	if (!strcmp(argv[0], "port"))
		err = btictl_port(&nl, argc - 1, argv + 1, json);
	else if (!strcmp(argv[0], "device"))
		err = btictl_device(&nl, argc - 1, argv + 1, json);
	else if (!strcmp(argv[0], "key"))
		err = btictl_key(&nl, argc - 1, argv + 1);
	else if (!strcmp(argv[0], "session"))
		err = btictl_session(&nl, argc - 1, argv + 1, json);
	else if (!strcmp(argv[0], "channel"))
		err = btictl_channel(&nl, argc - 1, argv + 1, json);
	else
		err = btictl_events(&nl, json);
	btictl_nl_close(&nl);
	return err ? 1 : 0;
}
