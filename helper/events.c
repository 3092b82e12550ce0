// SPDX-License-Identifier: GPL-2.0
/* btictl events: follow the events group until interrupted. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>
#include <netlink/genl/ctrl.h>

#include "btictl.h"
#include "names.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void emit(struct json_object *o, bool json, const char *text)
{
	if (json)
		printf("%s\n", json_object_to_json_string_ext(o,
					JSON_C_TO_STRING_PLAIN));
	else
		printf("%s\n", text);
	fflush(stdout);
	json_object_put(o);
}

static int print_session_end(struct nl_msg *msg, bool json)
{
	struct json_object *o = json_object_new_object();
	struct nlattr *tb[BTI_A_SESSION_MAX + 1];
	const char *end, *code = NULL;
	char text[96];

	if (btictl_nl_parse(msg, &btictl_session_attrs, tb) < 0 ||
	    !tb[BTI_A_SESSION_PORT] || !tb[BTI_A_SESSION_END]) {
		fprintf(stderr, "btictl: malformed event skipped\n");
		json_object_put(o);
		return NL_SKIP;
	}
	end = btictl_end_name(nla_get_u8(tb[BTI_A_SESSION_END]));
	json_object_object_add(o, "port",
		json_object_new_int(nla_get_u32(tb[BTI_A_SESSION_PORT])));
	json_object_object_add(o, "event", json_object_new_string("session-end"));
	json_object_object_add(o, "end", json_object_new_string(end));
	if (tb[BTI_A_SESSION_ERROR]) {
		code = btictl_error_name(nla_get_u8(tb[BTI_A_SESSION_ERROR]));
		json_object_object_add(o, "error", json_object_new_string(code));
	}
	snprintf(text, sizeof(text), "port %u session-end %s%s%s",
		 nla_get_u32(tb[BTI_A_SESSION_PORT]), end, code ? " " : "",
		 code ? code : "");
	emit(o, json, text);
	return NL_OK;
}

static int print_channel_event(struct nl_msg *msg, bool json)
{
	struct json_object *o = json_object_new_object();
	struct nlattr *tb[BTI_A_CHANNEL_MAX + 1];
	bool end = genlmsg_hdr(nlmsg_hdr(msg))->cmd == BTI_CMD_CHANNEL_END;
	const char *why = "";
	char text[96];

	if (btictl_nl_parse(msg, &btictl_channel_attrs, tb) < 0 ||
	    !tb[BTI_A_CHANNEL_PORT]) {
		fprintf(stderr, "btictl: malformed event skipped\n");
		json_object_put(o);
		return NL_SKIP;
	}
	json_object_object_add(o, "port",
		json_object_new_int(nla_get_u32(tb[BTI_A_CHANNEL_PORT])));
	json_object_object_add(o, "event", json_object_new_string(
		end ? "channel-end" : "channel-key-limit"));
	if (end && tb[BTI_A_CHANNEL_END]) {
		why = nla_get_u8(tb[BTI_A_CHANNEL_END]) ==
			BTI_CHANNEL_END_STOPPED ? "stopped" : "session-ended";
		json_object_object_add(o, "end", json_object_new_string(why));
	}
	if (end && tb[BTI_A_CHANNEL_COUNTERS])
		json_object_object_add(o, "counters",
			btictl_channel_counters(tb[BTI_A_CHANNEL_COUNTERS]));
	snprintf(text, sizeof(text), "port %u %s %s",
		 nla_get_u32(tb[BTI_A_CHANNEL_PORT]),
		 end ? "channel-end" : "channel-key-limit", why);
	emit(o, json, text);
	return NL_OK;
}

static int print_event(struct nl_msg *msg, void *arg)
{
	struct json_object *o = json_object_new_object();
	struct nlattr *tb[BTI_A_PORT_MAX + 1];
	bool json = *(bool *)arg;
	char value[16] = "";
	char text[64];
	const char *ev;

	switch (genlmsg_hdr(nlmsg_hdr(msg))->cmd) {
	case BTI_CMD_SESSION_END:
		json_object_put(o);
		return print_session_end(msg, json);
	case BTI_CMD_CHANNEL_END:
	case BTI_CMD_CHANNEL_KEY_LIMIT:
		json_object_put(o);
		return print_channel_event(msg, json);
	}
	if (btictl_nl_parse(msg, &btictl_port_attrs, tb) < 0 || !tb[BTI_A_PORT_INDEX] ||
	    !tb[BTI_A_PORT_NAME] || !tb[BTI_A_PORT_EVENT]) {
		fprintf(stderr, "btictl: malformed event skipped\n");
		json_object_put(o);
		return NL_SKIP;
	}
	ev = btictl_event_name(nla_get_u8(tb[BTI_A_PORT_EVENT]));
	json_object_object_add(o, "port",
		json_object_new_int(nla_get_u32(tb[BTI_A_PORT_INDEX])));
	json_object_object_add(o, "name",
		json_object_new_string(nla_get_string(tb[BTI_A_PORT_NAME])));
	json_object_object_add(o, "event", json_object_new_string(ev));
	if (tb[BTI_A_PORT_HOOK]) {
		strcpy(value, nla_get_u8(tb[BTI_A_PORT_HOOK]) == BTI_HOOK_OFF ?
			      "off" : "on");
		json_object_object_add(o, "hook", json_object_new_string(value));
	} else if (tb[BTI_A_PORT_DIGIT]) {
		value[0] = nla_get_u8(tb[BTI_A_PORT_DIGIT]);
		json_object_object_add(o, "digit",
				       json_object_new_string(value));
	} else if (tb[BTI_A_PORT_RING]) {
		strcpy(value, nla_get_u8(tb[BTI_A_PORT_RING]) ? "on" : "off");
		json_object_object_add(o, "ring", json_object_new_string(value));
	} else if (tb[BTI_A_PORT_ALARM]) {
		snprintf(value, sizeof(value), "%s",
			 btictl_alarm_name(nla_get_u8(tb[BTI_A_PORT_ALARM])));
		json_object_object_add(o, "alarm", json_object_new_string(value));
	}
	snprintf(text, sizeof(text), "%s %s%s%s",
		 nla_get_string(tb[BTI_A_PORT_NAME]), ev, value[0] ? " " : "",
		 value);
	emit(o, json, text);
	return NL_OK;
}

int btictl_events(struct btictl_nl *nl, bool json)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct pollfd pfd;
	int grp, err;

	grp = genl_ctrl_resolve_grp(nl->sk, BTI_FAMILY_NAME, BTI_MCGRP_EVENTS);
	err = grp < 0 ? grp : nl_socket_add_membership(nl->sk, grp);
	if (err == -NLE_PERM) {
		fprintf(stderr, "btictl: joining the bti events group needs CAP_NET_ADMIN\n");
		return -EPERM;
	}
	if (err) {
		fprintf(stderr, "btictl: cannot join the bti events group\n");
		return -EIO;
	}
	nl_socket_disable_seq_check(nl->sk);
	nl_socket_modify_cb(nl->sk, NL_CB_VALID, NL_CB_CUSTOM, print_event,
			    &json);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	/* On stderr, so that scripts can wait for it and JSON stays clean. */
	fprintf(stderr, "btictl: following bti events, interrupt to stop\n");

	pfd.fd = nl_socket_get_fd(nl->sk);
	pfd.events = POLLIN;
	while (!stop) {
		if (poll(&pfd, 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		err = nl_recvmsgs_default(nl->sk);
		if (err < 0 && err != -NLE_INTR) {
			fprintf(stderr, "btictl: events: %s\n", nl_geterror(err));
			return -EIO;
		}
	}
	return 0;
}
