// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>

#include "report/report.h"
#include "util/diag.h"
#include "util/paths.h"

void report_heading(struct report *r, const char *title)
{
	if (!r->j)
		fprintf(r->out, "-------------------- %s --------------------\n", title);
}

int report_unreadable(const char *what, int err)
{
	if (err == -EACCES || err == -EPERM)
		pr_err("cannot read %s: permission denied (ipsec_report needs root)", what);
	else
		pr_err("cannot read %s: %s", what, strerror(-err));
	return err;
}
