/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTICTL_NAMES_H
#define BTICTL_NAMES_H

const char *btictl_linefeed_name(unsigned int lf);
int btictl_linefeed_parse(const char *name);
const char *btictl_event_name(unsigned int ev);

#endif
