// SPDX-License-Identifier: GPL-2.0
/*
 * -sa: the kernel's IPsec SAs and policies, read over netlink
 * (user/ipsec), without their keys; each names the tunnel ID (the xfrm
 * interface's if_id) that genfilt -t matches.
 */
#include <errno.h>
#include <stdlib.h>

#include "ipsec/xfrm.h"
#include "report/report.h"

int report_sa(struct report *r)
{
	struct xfrm_sa *sa = NULL;
	struct xfrm_pol *pol = NULL;
	size_t nsa = 0, npol = 0, i;
	int err = xfrm_dump_states(&sa, &nsa);

	if (!err)
		err = xfrm_dump_policies(&pol, &npol);
	if (err) {
		free(sa);
		return report_unreadable("the kernel's IPsec SAs", err);
	}
	if (r->j) {
		json_open(r->j, "sa", '{');
		json_open(r->j, "states", '[');
		for (i = 0; i < nsa; i++)
			xfrm_print_sa_json(r->j, NULL, &sa[i]);
		json_close(r->j, ']');
		json_open(r->j, "policies", '[');
		for (i = 0; i < npol; i++)
			xfrm_print_pol_json(r->j, NULL, &pol[i]);
		json_close(r->j, ']');
		json_close(r->j, '}');
	} else {
		/* Each block has its heading, in the report's shape. */
		for (i = 0; i < nsa; i++)
			xfrm_print_sa_text(r->out, &sa[i]);
		for (i = 0; i < npol; i++)
			xfrm_print_pol_text(r->out, &pol[i]);
		if (!nsa && !npol)
			fprintf(r->out, "No IPsec SA or policy in the kernel.\n");
	}
	free(sa);
	free(pol);
	return 0;
}
