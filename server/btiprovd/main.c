// SPDX-License-Identifier: GPL-2.0
/*
 * btiprovd: the provisioning server.  main() reads the configuration, the
 * server's keys and the IVR's prompts, starts the store's workers
 * (worker.c) and the event loops (loop.c), and waits for SIGTERM.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <openssl/pem.h>

#include "btiprovd.h"

static const char *const prompt_names[P_COUNT] = {
	"ask-account", "ask-pin", "retry", "accepted", "refused", "locked",
	"timeout",
};

static int load_prompts(struct server *sv)
{
	char path[512];
	FILE *f;
	long n;
	int i;

	for (i = 0; i < P_COUNT; i++) {
		snprintf(path, sizeof(path), "%s/%s.ul", sv->cfg.prompts,
			 prompt_names[i]);
		f = fopen(path, "r");
		if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0 ||
		    fseek(f, 0, SEEK_SET)) {
			fprintf(stderr, "btiprovd: %s: cannot read\n", path);
			if (f)
				fclose(f);
			return -1;
		}
		sv->prompts[i].audio = malloc(n);
		sv->prompts[i].len = sv->prompts[i].audio ?
				     fread(sv->prompts[i].audio, 1, n, f) : 0;
		fclose(f);
	}
	return 0;
}

/* The leaf key and its chain, DER certificates each after its length. */
static int load_suite(struct bp_identity *id, int suite, const char *key,
		      const char *chain)
{
	FILE *f = fopen(key, "r");

	id->key[suite] = f ? PEM_read_PrivateKey(f, NULL, NULL, NULL) : NULL;
	if (f)
		fclose(f);
	id->chain[suite] = malloc(BP_HELLO_MAX);
	/* SERVER_HELLO's other fields take 100 bytes of it */
	if (id->chain[suite])
		bp_pem_chain(chain, id->chain[suite], BP_HELLO_MAX - 100,
			     &id->chain_len[suite]);
	if (!id->key[suite] || !id->chain_len[suite]) {
		fprintf(stderr, "btiprovd: suite %d: cannot read %s or %s\n",
			suite, key, chain);
		return -1;
	}
	return 0;
}

/*
 * Devices are told one address to send voice to, which the voice port must
 * take: not every address, and of a family the port takes.
 */
static int check_voice(const struct bp_config *cfg)
{
	struct sockaddr_storage voice, told;

	if (!bp_voice_address(cfg->voice, &voice)) {
		fprintf(stderr, "btiprovd: voice: %s is no IPv4 or IPv6 address\n",
			cfg->voice);
		return -1;
	}
	if (!cfg->voice_advertise[0])
		return 0;
	if (!bp_voice_address(cfg->voice_advertise, &told) ||
	    bp_voice_any(&told)) {
		fprintf(stderr, "btiprovd: voice_advertise: %s is no address a device can send to\n",
			cfg->voice_advertise);
		return -1;
	}
	if (!bp_voice_takes(&voice, told.ss_family)) {
		fprintf(stderr, "btiprovd: voice_advertise is %s and voice %s\n",
			told.ss_family == AF_INET ? "IPv4" : "IPv6",
			voice.ss_family == AF_INET ? "IPv4" : "IPv6 alone");
		return -1;
	}
	return 0;
}

/*
 * Each session holds one descriptor, its connection: the soft limit (1024
 * by default) would refuse sessions long before max_sessions, so take the
 * hard limit, as programs that do not use select() may.  Where even that
 * is too few, max_sessions is lowered to fit: a session refused a
 * descriptor midway would fail, where one turned away with ERROR(busy)
 * can come back.  The reserve covers the process's own descriptors, the
 * workers' and their store connections, each loop's five (its epoll,
 * listener, timer, voice port and replies), the spare and the metrics'.
 */
static int open_files(struct server *sv)
{
	rlim_t reserve = 32 + 4 * (rlim_t)sv->cfg.workers +
			 5 * (rlim_t)sv->n_loops + 1 +
			 (sv->cfg.metrics[0] ? BP_METRICS_DESCRIPTORS : 0);
	struct rlimit l;

	if (getrlimit(RLIMIT_NOFILE, &l))
		return 0;
	l.rlim_cur = l.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &l))
		getrlimit(RLIMIT_NOFILE, &l);
	if (l.rlim_cur < reserve + 1) {
		fprintf(stderr, "btiprovd: %llu open files are too few\n",
			(unsigned long long)l.rlim_cur);
		return -1;
	}
	if ((rlim_t)sv->cfg.max_sessions > l.rlim_cur - reserve) {
		LOG("warning", "limit",
		    "max_sessions=%d lowered_to=%llu open_files=%llu",
		    sv->cfg.max_sessions,
		    (unsigned long long)(l.rlim_cur - reserve),
		    (unsigned long long)l.rlim_cur);
		sv->cfg.max_sessions = l.rlim_cur - reserve;
	}
	return 0;
}

/* One loop for each CPU this process may run on, unless told. */
static int count_loops(const struct bp_config *cfg)
{
	cpu_set_t cpus;
	int n;

	if (cfg->loops)
		return cfg->loops;
	n = sched_getaffinity(0, sizeof(cpus), &cpus) ? 1 : CPU_COUNT(&cpus);
	return n < 1 ? 1 : n > 64 ? 64 : n;
}

static int setup(struct server *sv, const char *config, sigset_t *sigs)
{
	struct bp_lock_policy policy;
	char err[512];

	/* before any thread starts: threads inherit the mask */
	sigemptyset(sigs);
	sigaddset(sigs, SIGTERM);
	sigaddset(sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, sigs, NULL);
	if (bp_config_load(config, &sv->cfg, err, sizeof(err))) {
		fprintf(stderr, "btiprovd: %s\n", err);
		return -1;
	}
	if (check_voice(&sv->cfg))
		return -1;
	sv->n_loops = count_loops(&sv->cfg);
	if (sv->cfg.voice_port && sv->cfg.voice_port + sv->n_loops > 65536) {
		fprintf(stderr, "btiprovd: voice ports %d and %d loops pass 65535\n",
			sv->cfg.voice_port, sv->n_loops);
		return -1;
	}
	if (open_files(sv))
		return -1;
	sv->sources = bp_sources_new(sv->cfg.max_sessions,
				     sv->cfg.max_per_address,
				     sv->cfg.max_per_prefix);
	if (!sv->sources)
		return -1;
	policy.backoff_after = sv->cfg.backoff_after;
	policy.backoff_wait = sv->cfg.backoff_wait;
	policy.lock_after = sv->cfg.lock_after;
	sv->workers = bp_workers_start(sv->cfg.store, sv->cfg.kek,
				       sv->cfg.workers, &policy,
				       err, sizeof(err));
	if (!sv->workers) {
		fprintf(stderr, "btiprovd: store: %s\n", err);
		return -1;
	}
	sv->keeper = bp_store_open(sv->cfg.store, err, sizeof(err));
	if (!sv->keeper ||
	    bp_store_use_kek(sv->keeper, sv->cfg.kek, err, sizeof(err))) {
		fprintf(stderr, "btiprovd: store: %s\n", err);
		return -1;
	}
	if (!sv->cfg.p256_key[0] && !sv->cfg.rsa_key[0]) {
		fprintf(stderr, "btiprovd: no suite: set p256_key, rsa_key or both\n");
		return -1;
	}
	if ((sv->cfg.p256_key[0] &&
	     load_suite(&sv->id, 1, sv->cfg.p256_key, sv->cfg.p256_chain)) ||
	    (sv->cfg.rsa_key[0] &&
	     load_suite(&sv->id, 2, sv->cfg.rsa_key, sv->cfg.rsa_chain)) ||
	    load_prompts(sv))
		return -1;
	sv->loops = calloc(sv->n_loops, sizeof(*sv->loops));
	return sv->loops ? 0 : -1;
}

static bool loops_done(struct server *sv)
{
	int i;

	for (i = 0; i < sv->n_loops; i++)
		if (!atomic_load(&sv->loops[i].done))
			return false;
	return true;
}

/*
 * A binding replaced keeps its key, to be restored if the device refuses
 * the new one in the session that made it, and no longer: a session lasts
 * session_timeout at most.  A server from before, sharing the store
 * during an upgrade, binds keys in the clear: they are sealed.  And a
 * server that stopped or died leaves its sessions' bindings pending: they
 * are dropped once their time is over.
 */
static void sweep(struct server *sv)
{
	struct bp_swept done;
	int err = bp_store_sweep(sv->keeper, sv->cfg.session_timeout, &done);

	if (err)
		LOG("warning", "sweep-failed", "reason=\"%s\"",
		    bp_store_failure(err));
	if (done.sealed)
		LOG("info", "clear-keys-sealed", "count=%ld", done.sealed);
	if (done.wiped)
		LOG("info", "kept-keys-wiped", "count=%ld", done.wiped);
	if (done.dropped)
		LOG("info", "pending-dropped", "count=%ld", done.dropped);
}

/*
 * The loops serve until SIGTERM, and the store is swept meanwhile; then
 * the loops take no new session, and give the others stop_timeout seconds
 * to end.  A second SIGTERM ends them at once.
 */
static void serve(struct server *sv, const sigset_t *sigs)
{
	const struct timespec a_while = { 0, 100000000 };
	const struct timespec a_sweep = {
		sv->cfg.session_timeout < 60 ? sv->cfg.session_timeout : 60, 0
	};

	sweep(sv);
	while (sigtimedwait(sigs, NULL, &a_sweep) < 0)
		if (errno == EAGAIN)
			sweep(sv);
	atomic_store(&sv->stop_deadline, bp_now() + sv->cfg.stop_timeout);
	atomic_store(&sv->stopping, true);
	while (!loops_done(sv))
		if (sigtimedwait(sigs, NULL, &a_while) > 0)
			atomic_store(&sv->stop_deadline, 0);
}

static void teardown(struct server *sv)
{
	int i;

	atomic_store(&sv->stop_deadline, 0);
	atomic_store(&sv->stopping, true);
	for (i = 0; sv->loops && i < sv->n_loops; i++)
		loop_join(&sv->loops[i]);
	bp_workers_stop(sv->workers);
	bp_store_close(sv->keeper);
	for (i = 0; sv->loops && i < sv->n_loops; i++)
		loop_close(&sv->loops[i]);
	free(sv->loops);
	bp_sources_free(sv->sources);
	for (i = 1; i <= 2; i++) {
		EVP_PKEY_free(sv->id.key[i]);
		free(sv->id.chain[i]);
	}
	for (i = 0; i < P_COUNT; i++)
		free(sv->prompts[i].audio);
	if (sv->spare >= 0)
		close(sv->spare);
}

int main(int argc, char **argv)
{
	struct server sv = { .accepting = PTHREAD_MUTEX_INITIALIZER };
	struct bp_metrics_http *http = NULL;
	sigset_t sigs;
	int i, rc = 1;

	if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
		fprintf(stderr, "usage: btiprovd [CONFIG-FILE]\n");
		return 2;
	}
	if (bp_srtp_start()) {
		fprintf(stderr, "btiprovd: libsrtp2 did not start\n");
		return 1;
	}
	sv.spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (sv.spare < 0) {
		perror("btiprovd: /dev/null");
		goto out;
	}
	if (setup(&sv, argc == 2 ? argv[1] : NULL, &sigs))
		goto out;
	bp_log_start();
	for (i = 0; i < sv.n_loops; i++)
		if (loop_start(&sv.loops[i], &sv, i))
			goto out;
	if (sv.cfg.metrics[0] && !(http = bp_metrics_start(&sv)))
		goto out;
	LOG("info", "started", "listen=%s max_sessions=%d workers=%d loops=%d",
	    sv.cfg.listen, sv.cfg.max_sessions, sv.cfg.workers, sv.n_loops);
	serve(&sv, &sigs);
	LOG("info", "stopped", "loops=%d", sv.n_loops);
	rc = 0;
out:
	bp_metrics_stop(http);
	teardown(&sv);
	bp_log_stop();
	bp_srtp_stop();
	return rc;
}
