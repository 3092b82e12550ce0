// SPDX-License-Identifier: GPL-2.0
/* btictl key export FILE | key import FILE */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "btictl.h"

#define BLOB_MAX 1024

struct blob {
	unsigned char data[BLOB_MAX + 1];	/* one more, to see a longer file */
	int len;
};

static int blob_collect(struct nlattr **tb, void *arg)
{
	struct blob *b = arg;

	if (!tb[BTI_A_KEY_BLOB] || nla_len(tb[BTI_A_KEY_BLOB]) > BLOB_MAX) {
		fprintf(stderr, "btictl: the kernel sent no usable blob\n");
		return -EBADMSG;
	}
	b->len = nla_len(tb[BTI_A_KEY_BLOB]);
	memcpy(b->data, nla_data(tb[BTI_A_KEY_BLOB]), b->len);
	return 0;
}

/* Written beside the target and renamed over it, so a crash loses nothing. */
static int write_file(const char *path, const struct blob *b)
{
	char tmp[4096];
	int fd, err = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return -errno;
	if (write(fd, b->data, b->len) != b->len)
		err = -EIO;
	if (!err && fsync(fd))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	return err;
}

static int key_export(struct btictl_nl *nl, const char *path)
{
	struct nl_msg *msg = btictl_nl_msg(nl, BTI_CMD_KEY_EXPORT, 0);
	struct blob b = { .len = 0 };
	int err;

	if (!msg)
		return -ENOMEM;
	err = btictl_nl_call(nl, msg, &btictl_key_attrs, blob_collect, &b);
	if (err)
		return err;
	err = write_file(path, &b);
	if (err)
		fprintf(stderr, "btictl: cannot write %s: %s\n", path,
			strerror(-err));
	return err;
}

static int key_import(struct btictl_nl *nl, const char *path)
{
	struct blob b;
	struct nl_msg *msg;
	FILE *f = fopen(path, "rb");

	if (!f) {
		fprintf(stderr, "btictl: cannot read %s: %s\n", path,
			strerror(errno));
		return -errno;
	}
	b.len = fread(b.data, 1, sizeof(b.data), f);
	if (ferror(f) || b.len > BLOB_MAX) {
		fprintf(stderr, "btictl: %s is not a key blob (larger than %d bytes, or unreadable)\n",
			path, BLOB_MAX);
		fclose(f);
		return -EINVAL;
	}
	fclose(f);
	msg = btictl_nl_msg(nl, BTI_CMD_KEY_IMPORT, 0);
	if (!msg)
		return -ENOMEM;
	nla_put(msg, BTI_A_KEY_BLOB, b.len, b.data);
	return btictl_nl_call(nl, msg, &btictl_key_attrs, NULL, NULL);
}

int btictl_key(struct btictl_nl *nl, int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[0], "export"))
		return key_export(nl, argv[1]);
	if (argc == 2 && !strcmp(argv[0], "import"))
		return key_import(nl, argv[1]);
	btictl_usage(stderr);
	return -EINVAL;
}
