// SPDX-License-Identifier: GPL-2.0
/*
 * The TCP addresses btiprovd listens on: the devices' (listen) and the
 * operator's metrics (metrics).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "listen.h"

/**
 * bp_listen() - a TCP socket listening on @spec
 * @spec: "ADDRESS:PORT", or "[ADDRESS]:PORT" for IPv6; "[::]" takes IPv4
 *	too
 * @share: other sockets may listen on the address too (SO_REUSEPORT), as
 *	the loops' listeners do
 *
 * The backlog is the kernel's largest, as a flood of connections is met
 * by accepting them and turning away those past the caps, not by letting
 * the kernel drop them before a device is told anything.
 *
 * Return: the socket, non-blocking, or -1 with errno set (EINVAL for a
 * @spec that is not an address).
 */
int bp_listen(const char *spec, bool share)
{
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in a4 = { .sin_family = AF_INET };
	struct sockaddr *a = (struct sockaddr *)&a4;
	socklen_t len = sizeof(a4);
	int fd, err, one = 1, zero = 0;
	unsigned int port;
	char host[64];
	int end = 0;

	if (spec[0] == '[') {
		if (sscanf(spec, "[%63[^]]]:%u%n", host, &port, &end) != 2 ||
		    inet_pton(AF_INET6, host, &a6.sin6_addr) != 1)
			goto invalid;
		a = (struct sockaddr *)&a6;
		len = sizeof(a6);
	} else if (sscanf(spec, "%63[^:]:%u%n", host, &port, &end) != 2 ||
		   inet_pton(AF_INET, host, &a4.sin_addr) != 1) {
		goto invalid;
	}
	if (spec[end] || port > 65535)
		goto invalid;
	a4.sin_port = htons(port);
	a6.sin6_port = htons(port);
	fd = socket(a->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (share)
		setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
	if (a->sa_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	if (bind(fd, a, len) || listen(fd, SOMAXCONN)) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	return fd;
invalid:
	errno = EINVAL;
	return -1;
}

