// SPDX-License-Identifier: GPL-2.0
/*
 * Every SPI frame the chip saw, in order, in debugfs:
 * /sys/kernel/debug/bti_sim/spi, one line each: "R" or "W", the register
 * and the byte, then "reserved" for a register the datasheet says not to
 * write; a frame that was not one byte reads "garbage LEN first-byte".
 * Writing anything to it clears it.  For tests, and for comparing the
 * driver's bring-up with another driver's.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "sim.h"

static int bti_sim_trace_show(struct seq_file *s, void *unused)
{
	struct bti_sim *sim = s->private;
	struct proslic *m = &sim->chip;
	const struct proslic_access *a;
	u64 i, from;

	spin_lock_bh(&sim->lock);
	from = m->trace_count > PROSLIC_TRACE_LEN ?
	       m->trace_count - PROSLIC_TRACE_LEN : 0;
	if (from)
		seq_printf(s, "# %llu earlier frames dropped\n", from);
	for (i = from; i < m->trace_count; i++) {
		a = &m->trace[i % PROSLIC_TRACE_LEN];
		if (a->flags & PROSLIC_ACC_GARBAGE)
			seq_printf(s, "garbage %u 0x%02x\n", a->val, a->addr);
		else
			seq_printf(s, "%c %3u 0x%02x%s\n",
				   a->flags & PROSLIC_ACC_READ ? 'R' : 'W',
				   a->addr, a->val,
				   a->flags & PROSLIC_ACC_RESERVED ?
				   " reserved" : "");
	}
	spin_unlock_bh(&sim->lock);
	return 0;
}

static int bti_sim_trace_open(struct inode *inode, struct file *file)
{
	return single_open_size(file, bti_sim_trace_show, inode->i_private,
				PROSLIC_TRACE_LEN * 24);
}

static ssize_t bti_sim_trace_write(struct file *file, const char __user *buf,
				   size_t len, loff_t *ppos)
{
	struct bti_sim *sim = file_inode(file)->i_private;

	spin_lock_bh(&sim->lock);
	sim->chip.trace_count = 0;
	spin_unlock_bh(&sim->lock);
	return len;
}

static const struct file_operations bti_sim_trace_fops = {
	.owner = THIS_MODULE,
	.open = bti_sim_trace_open,
	.read = seq_read,
	.write = bti_sim_trace_write,
	.llseek = seq_lseek,
	.release = single_release,
};

void bti_sim_trace_init(struct bti_sim *sim)
{
	sim->debugfs = debugfs_create_dir("bti_sim", NULL);
	debugfs_create_file("spi", 0600, sim->debugfs, sim,
			    &bti_sim_trace_fops);
}
