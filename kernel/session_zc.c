// SPDX-License-Identifier: GPL-2.0
/*
 * session_zc.c - zero copy: pinning the caller's pages and describing
 * them as scatterlists, for the cipher, whole-message and hash paths of
 * large requests (see session.h).
 */
#include <linux/mm.h>
#include "session.h"

/*
 * Pins the ncr_npages(p, len) pages under [p, p + len) into pages[] and
 * describes them in sg[0..n), which the caller initialized.
 */
int ncr_pin_sg(const void __user *p, u32 len, bool write,
	       struct page **pages, struct scatterlist *sg)
{
	unsigned long a = (unsigned long)p;
	unsigned int off = offset_in_page(a), i;
	int n = ncr_npages(p, len), got;

	got = pin_user_pages_fast(a - off, n, write ? FOLL_WRITE : 0, pages);
	if (got != n) {
		if (got > 0)
			unpin_user_pages(pages, got);
		return got < 0 ? got : -EFAULT;
	}
	for (i = 0; i < n; i++) {
		u32 l = min_t(u32, len, PAGE_SIZE - off);

		sg_set_page(&sg[i], pages[i], l, off);
		len -= l;
		off = 0;
	}
	return 0;
}

int ncr_zc_pin(struct ncr_zc *z, const void __user *p, u32 len,
	       bool write)
{
	unsigned int n = ncr_npages(p, len);
	int err;

	sg_init_table(z->sg, n);
	err = ncr_pin_sg(p, len, write, z->pages, z->sg);
	z->n = err ? 0 : n;
	return err;
}

void ncr_zc_unpin(struct ncr_zc *z, bool dirty)
{
	if (dirty)
		unpin_user_pages_dirty_lock(z->pages, z->n, true);
	else
		unpin_user_pages(z->pages, z->n);
	z->n = 0;
}
