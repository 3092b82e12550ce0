// SPDX-License-Identifier: GPL-2.0
/*
 * Test builds only: debugfs bti/test_keys.  Writing a struct
 * bti_session_draws fixes the next session's draws; reading gives the
 * draws and key schedule of the last keyed session.  The no-secret test
 * uses it to know what to look for.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/string.h>

#include "testkeys.h"

struct bti_test_keys {
	struct bti_session_draws d;
	struct bti_session_keys k;
};

static DEFINE_MUTEX(bti_test_lock);
static struct bti_session_draws bti_test_next;
static bool bti_test_armed;
static struct bti_test_keys bti_test_last;
static struct dentry *bti_test_dir;

/* Called before the session's lock is taken: one fixed draw per write. */
const struct bti_session_draws *bti_test_draws(void)
{
	const struct bti_session_draws *d = NULL;

	mutex_lock(&bti_test_lock);
	if (bti_test_armed)
		d = &bti_test_next;
	bti_test_armed = false;
	mutex_unlock(&bti_test_lock);
	return d;
}

void bti_test_keys_note(const struct bti_session *s)
{
	mutex_lock(&bti_test_lock);
	bti_test_last.d = s->d;
	bti_test_last.k = s->k;
	mutex_unlock(&bti_test_lock);
}

static ssize_t bti_test_keys_read(struct file *f, char __user *buf,
				  size_t len, loff_t *pos)
{
	ssize_t n;

	mutex_lock(&bti_test_lock);
	n = simple_read_from_buffer(buf, len, pos, &bti_test_last,
				    sizeof(bti_test_last));
	mutex_unlock(&bti_test_lock);
	return n;
}

static ssize_t bti_test_keys_write(struct file *f, const char __user *buf,
				   size_t len, loff_t *pos)
{
	ssize_t n = -EINVAL;

	mutex_lock(&bti_test_lock);
	if (len == sizeof(bti_test_next) && !*pos) {
		n = simple_write_to_buffer(&bti_test_next, sizeof(bti_test_next),
					   pos, buf, len);
		bti_test_armed = n == len;
	}
	mutex_unlock(&bti_test_lock);
	return n;
}

static const struct file_operations bti_test_keys_fops = {
	.owner = THIS_MODULE,
	.read = bti_test_keys_read,
	.write = bti_test_keys_write,
	.llseek = default_llseek,
};

int bti_test_keys_init(void)
{
	pr_warn("bti: built with BTI_TEST_KEYS: session keys are readable in debugfs\n");
	bti_test_dir = debugfs_create_dir("bti", NULL);
	debugfs_create_file("test_keys", 0600, bti_test_dir, NULL,
			    &bti_test_keys_fops);
	return 0;
}

void bti_test_keys_exit(void)
{
	debugfs_remove(bti_test_dir);
	memzero_explicit(&bti_test_last, sizeof(bti_test_last));
}
