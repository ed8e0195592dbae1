// SPDX-License-Identifier: GPL-2.0
/*
 * The linear-evaluation build of the datapath (tests and make bench only,
 * never installed): bpf/ebfilt.bpf.c as it is, with classify_linear() in
 * place of the bitmap classifier. Same maps and programs, so the loader
 * opens it through the same skeleton.
 */
#include "classify_linear.bpf.h"
#define EBFILT_CLASSIFY classify_linear
#include "ebfilt.bpf.c"
