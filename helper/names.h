/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTICTL_NAMES_H
#define BTICTL_NAMES_H

const char *btictl_linefeed_name(unsigned int lf);
int btictl_linefeed_parse(const char *name);
const char *btictl_event_name(unsigned int ev);
const char *btictl_alarm_name(unsigned int alarm);
const char *btictl_stage_name(unsigned int stage);
const char *btictl_end_name(unsigned int end);
const char *btictl_error_name(unsigned int code);
const char *btictl_user_key_name(unsigned int kind);

#endif
