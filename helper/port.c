// SPDX-License-Identifier: GPL-2.0
/* btictl port list|show|set|ring */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "btictl.h"
#include "names.h"

static const char *const counter_names[] = {
	[BTI_A_COUNTERS_OFFHOOKS] = "offhooks",
	[BTI_A_COUNTERS_ONHOOKS] = "onhooks",
	[BTI_A_COUNTERS_FLASHES] = "flashes",
	[BTI_A_COUNTERS_DIGITS] = "digits",
	[BTI_A_COUNTERS_RINGS] = "rings",
	[BTI_A_COUNTERS_FRAMES_UP] = "frames-up",
	[BTI_A_COUNTERS_ALARMS] = "alarms",
};

static struct json_object *port_json(struct nlattr **tb)
{
	struct json_object *o = json_object_new_object();
	struct json_object *c = json_object_new_object();
	struct nlattr *tc[BTI_A_COUNTERS_MAX + 1] = { 0 };
	unsigned int i;

	json_object_object_add(o, "index",
		json_object_new_int(nla_get_u32(tb[BTI_A_PORT_INDEX])));
	json_object_object_add(o, "name",
		json_object_new_string(nla_get_string(tb[BTI_A_PORT_NAME])));
	json_object_object_add(o, "chip",
		json_object_new_string(nla_get_string(tb[BTI_A_PORT_CHIP])));
	if (tb[BTI_A_PORT_CHIP_REVISION])
		json_object_object_add(o, "chip-revision", json_object_new_string(
			nla_get_string(tb[BTI_A_PORT_CHIP_REVISION])));
	json_object_object_add(o, "hook", json_object_new_string(
		nla_get_u8(tb[BTI_A_PORT_HOOK]) == BTI_HOOK_OFF ?
		"off-hook" : "on-hook"));
	json_object_object_add(o, "linefeed", json_object_new_string(
		btictl_linefeed_name(nla_get_u8(tb[BTI_A_PORT_LINEFEED]))));
	json_object_object_add(o, "ringing",
		json_object_new_boolean(nla_get_u8(tb[BTI_A_PORT_RING])));
	if (tb[BTI_A_PORT_COUNTERS])
		nla_parse_nested(tc, BTI_A_COUNTERS_MAX,
				 tb[BTI_A_PORT_COUNTERS], NULL);
	for (i = 1; i < sizeof(counter_names) / sizeof(*counter_names); i++)
		if (tc[i])
			json_object_object_add(c, counter_names[i],
				json_object_new_int64(nla_get_u64(tc[i])));
	json_object_object_add(o, "counters", c);
	return o;
}

static int port_collect(struct nlattr **tb, void *arg)
{
	if (!tb[BTI_A_PORT_INDEX] || !tb[BTI_A_PORT_NAME] ||
	    !tb[BTI_A_PORT_CHIP] || !tb[BTI_A_PORT_HOOK] ||
	    !tb[BTI_A_PORT_LINEFEED] || !tb[BTI_A_PORT_RING]) {
		fprintf(stderr, "btictl: the kernel sent a port without its state\n");
		return -EBADMSG;
	}
	json_object_array_add(arg, port_json(tb));
	return 0;
}

static const char *str(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return "";
	return json_object_get_string(v);
}

static void print_table(struct json_object *ports)
{
	size_t i;

	printf("%-5s %-6s %-8s %-9s %-15s %s\n", "PORT", "NAME", "CHIP",
	       "HOOK", "LINEFEED", "RINGING");
	for (i = 0; i < json_object_array_length(ports); i++) {
		struct json_object *p = json_object_array_get_idx(ports, i);

		printf("%-5s %-6s %-8s %-9s %-15s %s\n", str(p, "index"),
		       str(p, "name"), str(p, "chip"), str(p, "hook"),
		       str(p, "linefeed"),
		       !strcmp(str(p, "ringing"), "true") ? "yes" : "no");
	}
}

static void print_port(struct json_object *p)
{
	struct json_object *c;

	printf("port %s (%s)\n  chip: %s, revision %s\n  hook: %s\n  linefeed: %s\n  ringing: %s\n",
	       str(p, "index"), str(p, "name"), str(p, "chip"),
	       str(p, "chip-revision"), str(p, "hook"),
	       str(p, "linefeed"),
	       !strcmp(str(p, "ringing"), "true") ? "yes" : "no");
	if (!json_object_object_get_ex(p, "counters", &c))
		return;
	printf("  counters:\n");
	json_object_object_foreach(c, key, val)
		printf("    %s: %s\n", key, json_object_get_string(val));
}

static int port_list(struct btictl_nl *nl, bool json)
{
	struct json_object *ports = json_object_new_array();
	struct nl_msg *msg = btictl_nl_msg(nl, BTI_CMD_PORT_GET, NLM_F_DUMP);
	int err = msg ? btictl_nl_call(nl, msg, &btictl_port_attrs,
				       port_collect, ports) : -ENOMEM;

	if (!err) {
		if (json)
			printf("%s\n", json_object_to_json_string_ext(ports,
						JSON_C_TO_STRING_PLAIN));
		else
			print_table(ports);
	}
	json_object_put(ports);
	return err;
}

static int port_show(struct btictl_nl *nl, unsigned int index, bool json)
{
	struct json_object *ports = json_object_new_array();
	struct nl_msg *msg = btictl_nl_msg(nl, BTI_CMD_PORT_GET, 0);
	int err = -ENOMEM;

	if (msg) {
		nla_put_u32(msg, BTI_A_PORT_INDEX, index);
		err = btictl_nl_call(nl, msg, &btictl_port_attrs,
				     port_collect, ports);
	}
	if (!err && json_object_array_length(ports) == 1) {
		struct json_object *p = json_object_array_get_idx(ports, 0);

		if (json)
			printf("%s\n", json_object_to_json_string_ext(p,
						JSON_C_TO_STRING_PLAIN));
		else
			print_port(p);
	}
	json_object_put(ports);
	return err;
}

static int parse_on_off(const char *s)
{
	if (!strcmp(s, "on"))
		return 1;
	if (!strcmp(s, "off"))
		return 0;
	fprintf(stderr, "btictl: expected on or off, not '%s'\n", s);
	return -1;
}

/* port set N [ring on|off] [linefeed NAME] */
static int port_set(struct btictl_nl *nl, unsigned int index, int argc,
		    char **argv)
{
	struct nl_msg *msg = btictl_nl_msg(nl, BTI_CMD_PORT_SET, 0);
	int i, v;

	if (!msg)
		return -ENOMEM;
	nla_put_u32(msg, BTI_A_PORT_INDEX, index);
	for (i = 0; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "ring") &&
		    (v = parse_on_off(argv[i + 1])) >= 0) {
			nla_put_u8(msg, BTI_A_PORT_RING, v);
		} else if (!strcmp(argv[i], "linefeed") &&
			   (v = btictl_linefeed_parse(argv[i + 1])) >= 0) {
			nla_put_u8(msg, BTI_A_PORT_LINEFEED, v);
		} else {
			fprintf(stderr, "btictl: cannot set %s to '%s'\n",
				argv[i], argv[i + 1]);
			nlmsg_free(msg);
			return -EINVAL;
		}
	}
	if (i != argc) {
		fprintf(stderr, "btictl: port set N [ring on|off] [linefeed NAME]\n");
		nlmsg_free(msg);
		return -EINVAL;
	}
	return btictl_nl_call(nl, msg, &btictl_port_attrs, NULL, NULL);
}

int btictl_parse_index(const char *s, unsigned int *index)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (!*s || *end || v > 0xffffffffUL) {
		fprintf(stderr, "btictl: '%s' is not a port number\n", s);
		return -EINVAL;
	}
	*index = v;
	return 0;
}

int btictl_port(struct btictl_nl *nl, int argc, char **argv, bool json)
{
	unsigned int index;
	char *set[2];

	if (argc >= 1 && !strcmp(argv[0], "list") && argc == 1)
		return port_list(nl, json);
	if (argc < 2)
		goto usage;
	if (btictl_parse_index(argv[1], &index))
		return -EINVAL;
	if (!strcmp(argv[0], "show") && argc == 2)
		return port_show(nl, index, json);
	if (!strcmp(argv[0], "set"))
		return port_set(nl, index, argc - 2, argv + 2);
	if (!strcmp(argv[0], "ring") && argc == 3) {
		set[0] = "ring";
		set[1] = argv[2];
		return port_set(nl, index, 2, set);
	}
usage:
	btictl_usage(stderr);
	return -EINVAL;
}
