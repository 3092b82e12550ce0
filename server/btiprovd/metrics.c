// SPDX-License-Identifier: GPL-2.0
/*
 * What btiprovd tells its operator, over HTTP (libmicrohttpd, on a thread
 * of its own): /metrics in Prometheus's text format, version 0.0.4, and
 * /healthz for a load balancer, which answers 503 from SIGTERM on so that
 * no new device is sent while the sessions left end.  Everything is read
 * from atomics the loops and workers write, so a scrape stops nothing.
 * The address is "metrics" in btiprovd.conf, on localhost by default; an
 * empty one serves nothing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <microhttpd.h>

#include "btiprovd.h"
#include "db.h"
#include "listen.h"

/* seconds a client may sit idle */
#define TIMEOUT		10

struct bp_metrics_http {
	struct MHD_Daemon *d;
	struct server *sv;
};

const char *const bp_turned_away_names[T_REASONS] = {
	"max_sessions", "max_per_address", "max_per_prefix", "descriptors",
	"memory",
};

static const char *const stage_names[S_STAGES] = {
	"request", "keys", "call", "user_key", "done",
};

static const char *const error_names[BP_ERROR_CODES] = {
	NULL, "version", "suite", "unexpected", "malformed", "integrity",
	"certificate", "confirm", "busy", "locked", "timeout", "internal",
	"attestation", "revoked", "unknown",
};

static const unsigned int bucket_ms[BP_LATENCY_BUCKETS] = {
	10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000,
};

/**
 * bp_metrics_latency() - a PIN check took @ms, from the question to the
 *	answer back in the loop
 * @m: the metrics
 * @ms: its time
 */
void bp_metrics_latency(struct bp_metrics *m, uint64_t ms)
{
	unsigned int i = 0;

	while (i < BP_LATENCY_BUCKETS && ms > bucket_ms[i])
		i++;
	atomic_fetch_add_explicit(&m->latency[i], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&m->latency_ms, ms, memory_order_relaxed);
}

static uint64_t get(_Atomic uint64_t *a)
{
	return atomic_load_explicit(a, memory_order_relaxed);
}

static void counter(FILE *f, const char *name, const char *help,
		    uint64_t value)
{
	fprintf(f, "# HELP btiprovd_%s %s\n# TYPE btiprovd_%s counter\n"
		"btiprovd_%s %llu\n", name, help, name, name,
		(unsigned long long)value);
}

static void family(FILE *f, const char *name, const char *type,
		   const char *help)
{
	fprintf(f, "# HELP btiprovd_%s %s\n# TYPE btiprovd_%s %s\n", name,
		help, name, type);
}

/* a counter of one label, a sample for each of its values */
struct labelled {
	enum bp_count c;
	const char *value;
};

static void labelled(FILE *f, struct bp_metrics *m, const char *name,
		     const char *label, const char *help,
		     const struct labelled *v, size_t n)
{
	size_t i;

	family(f, name, "counter", help);
	for (i = 0; i < n; i++)
		fprintf(f, "btiprovd_%s{%s=\"%s\"} %llu\n", name, label,
			v[i].value, (unsigned long long)get(&m->count[v[i].c]));
}

static void sessions(FILE *f, struct server *sv)
{
	unsigned int n[S_STAGES] = { 0 };
	int i, s;

	for (i = 0; i < sv->n_loops; i++)
		for (s = 0; s < S_STAGES; s++)
			n[s] += atomic_load(&sv->loops[i].stages[s]);
	family(f, "sessions", "gauge",
	       "Sessions open, by the protocol stage they are at.");
	for (s = 0; s < S_STAGES; s++)
		fprintf(f, "btiprovd_sessions{stage=\"%s\"} %u\n",
			stage_names[s], n[s]);
}

static void refusals(FILE *f, struct bp_metrics *m)
{
	int i;

	family(f, "turned_away_total", "counter",
	       "Connections answered ERROR(busy) before a session, by the cap they met.");
	for (i = 0; i < T_REASONS; i++)
		fprintf(f, "btiprovd_turned_away_total{reason=\"%s\"} %llu\n",
			bp_turned_away_names[i],
			(unsigned long long)get(&m->turned_away[i]));
	family(f, "sessions_failed_total", "counter",
	       "Sessions the server ended with an ERROR, by its code.");
	for (i = 1; i < BP_ERROR_CODES; i++)
		fprintf(f, "btiprovd_sessions_failed_total{error=\"%s\"} %llu\n",
			error_names[i], (unsigned long long)get(&m->failed[i]));
}

static void pins(FILE *f, struct bp_metrics *m)
{
	static const struct labelled v[] = {
		{ M_PIN_ACCEPTED, "accepted" }, { M_PIN_WRONG, "wrong" },
		{ M_PIN_WAITING, "waiting" }, { M_PIN_LOCKED, "locked" },
	};
	uint64_t total = 0;
	unsigned int i;

	labelled(f, m, "pin_checks_total", "verdict",
		 "Entries checked, by verdict: waiting and locked were not checked.",
		 v, sizeof(v) / sizeof(*v));
	counter(f, "pin_backoffs_total",
		"Wrong entries after which the account or device waits.",
		get(&m->count[M_PIN_BACKOFFS]));
	counter(f, "pin_locks_total",
		"Wrong entries that locked the account or device.",
		get(&m->count[M_PIN_LOCKS]));
	counter(f, "proof_failures_total",
		"Wrong re-provisioning proofs, counted as wrong PINs are.",
		get(&m->count[M_PROOF_FAILURES]));
	family(f, "pin_check_seconds", "histogram",
	       "Time from an entry to its verdict, the store's queue included.");
	for (i = 0; i < BP_LATENCY_BUCKETS; i++) {
		total += get(&m->latency[i]);
		fprintf(f, "btiprovd_pin_check_seconds_bucket{le=\"%g\"} %llu\n",
			bucket_ms[i] / 1000.0, (unsigned long long)total);
	}
	total += get(&m->latency[BP_LATENCY_BUCKETS]);
	fprintf(f, "btiprovd_pin_check_seconds_bucket{le=\"+Inf\"} %llu\n"
		"btiprovd_pin_check_seconds_sum %.3f\n"
		"btiprovd_pin_check_seconds_count %llu\n",
		(unsigned long long)total, get(&m->latency_ms) / 1000.0,
		(unsigned long long)total);
}

static void voice(FILE *f, struct bp_metrics *m)
{
	static const struct labelled v[] = {
		{ M_FRAMES_HEARD, "heard" }, { M_FRAMES_LATE, "late" },
		{ M_FRAMES_LOST, "lost" }, { M_FRAMES_REFUSED, "refused" },
	};

	labelled(f, m, "voice_frames_total", "kind",
		 "Frames of ended calls: heard, late (taken over 20 ms after they came), lost on the way, refused (authentic, not one 20 ms PCMU frame).",
		 v, sizeof(v) / sizeof(*v));
}

static void store(FILE *f, struct server *sv)
{
	static const struct labelled v[] = {
		{ M_STORE_DISK_FULL, "disk_full" },
		{ M_STORE_UNAVAILABLE, "unavailable" },
	};

	labelled(f, &sv->metrics, "store_errors_total", "error",
		 "Store calls that failed, by what the device was told.",
		 v, sizeof(v) / sizeof(*v));
	counter(f, "store_reconnects_total",
		"Connections to PostgreSQL made again after the server ended them.",
		bp_db_pg_reconnects());
	family(f, "worker_queue", "gauge",
	       "Store work waiting for a worker.");
	fprintf(f, "btiprovd_worker_queue %u\n",
		bp_workers_queued(sv->workers));
}

static char *render(struct server *sv, size_t *len)
{
	struct bp_metrics *m = &sv->metrics;
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f)
		return NULL;
	sessions(f, sv);
	counter(f, "connections_total", "Connections taken for a session.",
		get(&m->count[M_ACCEPTED]));
	counter(f, "handshakes_total", "KEY_CONFIRMs sent.",
		get(&m->count[M_HANDSHAKES]));
	counter(f, "bindings_total", "Keys bound, PROVISIONED sent.",
		get(&m->count[M_BINDINGS]));
	refusals(f, m);
	pins(f, m);
	voice(f, m);
	store(f, sv);
	counter(f, "log_lines_dropped_total",
		"Log lines dropped because stderr took them slower than they came.",
		bp_log_dropped());
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}

static enum MHD_Result reply(struct MHD_Connection *conn, unsigned int code,
			     char *body, size_t len, const char *type)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	if (code == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	ret = MHD_queue_response(conn, code, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *conn,
			      const char *url, const char *method,
			      const char *version, const char *upload,
			      size_t *upload_len, void **state)
{
	struct bp_metrics_http *h = cls;
	bool stopping = atomic_load(&h->sv->stopping);
	char *body;
	size_t len;

	(void)version;
	(void)upload;
	(void)upload_len;
	(void)state;
	if (strcmp(method, MHD_HTTP_METHOD_GET) &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD))
		return reply(conn, MHD_HTTP_METHOD_NOT_ALLOWED,
			     strdup("GET only\n"), 9, "text/plain");
	if (!strcmp(url, "/healthz"))
		return reply(conn, stopping ? MHD_HTTP_SERVICE_UNAVAILABLE :
			     MHD_HTTP_OK, strdup(stopping ? "stopping\n" :
						 "ok\n"),
			     stopping ? 9 : 3, "text/plain");
	if (strcmp(url, "/metrics"))
		return reply(conn, MHD_HTTP_NOT_FOUND, strdup("not found\n"),
			     10, "text/plain");
	body = render(h->sv, &len);
	if (!body)
		return MHD_NO;
	return reply(conn, MHD_HTTP_OK, body, len,
		     "text/plain; version=0.0.4; charset=utf-8");
}

/**
 * bp_metrics_start() - serve the metrics on the configured address
 * @sv: the server, whose loops are started
 *
 * Return: the HTTP server, or NULL with the reason on standard error;
 * NULL without one if no address is set.
 */
struct bp_metrics_http *bp_metrics_start(struct server *sv)
{
	struct bp_metrics_http *h;
	struct sockaddr_storage a;
	socklen_t len = sizeof(a);
	int fd;

	if (!sv->cfg.metrics[0])
		return NULL;
	h = calloc(1, sizeof(*h));
	fd = h ? bp_listen(sv->cfg.metrics, false) : -1;
	if (fd < 0 || getsockname(fd, (struct sockaddr *)&a, &len)) {
		fprintf(stderr, "btiprovd: cannot serve metrics on %s: %s\n",
			sv->cfg.metrics, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(h);
		return NULL;
	}
	h->sv = sv;
	h->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
				MHD_USE_EPOLL, 0, NULL, NULL, answer, h,
				MHD_OPTION_LISTEN_SOCKET, fd,
				MHD_OPTION_CONNECTION_LIMIT, BP_METRICS_CONNECTIONS,
				MHD_OPTION_CONNECTION_TIMEOUT, TIMEOUT,
				MHD_OPTION_END);
	if (!h->d) {
		/* the socket is libmicrohttpd's now, closed or not */
		fprintf(stderr, "btiprovd: cannot serve metrics\n");
		free(h);
		return NULL;
	}
	LOG("info", "metrics", "port=%u",
	    ntohs(a.ss_family == AF_INET ?
		  ((struct sockaddr_in *)&a)->sin_port :
		  ((struct sockaddr_in6 *)&a)->sin6_port));
	return h;
}

void bp_metrics_stop(struct bp_metrics_http *h)
{
	if (!h)
		return;
	MHD_stop_daemon(h->d);
	free(h);
}
