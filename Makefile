# SPDX-License-Identifier: GPL-2.0
# ebfilt: one pattern-rule Makefile in the libbpf-bootstrap style.
#   bpf/X.bpf.c -> OUT/X.bpf.o -> OUT/X.skel.h -> OUT/*.o -> OUT/<command>
# Everything is built into $(OUTPUT); `make V=1` shows the commands.

OUTPUT   ?= build
PREFIX   ?= /usr/local
DESTDIR  ?=
SBINDIR  ?= $(PREFIX)/sbin
MANDIR   ?= $(PREFIX)/share/man
EXAMPLEDIR ?= $(PREFIX)/share/doc/ebfilt/examples
UNITDIR  ?= $(PREFIX)/lib/systemd/system

CC       ?= cc
CLANG    ?= clang
BPFTOOL  ?= bpftool
ARCH     := $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')

CFLAGS   ?= -g -O2
CFLAGS   += -std=gnu11 -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes \
	    -Wstrict-prototypes -Wformat=2
CPPFLAGS += -Iinclude -Iuser -I$(OUTPUT) -D_GNU_SOURCE
DEPFLAGS  = -MMD -MP
BPFCFLAGS := -g -O2 -Wall -Werror -target bpf -D__TARGET_ARCH_$(ARCH) \
	     -Iinclude -Ivmlinux

ifeq ($(V),1)
Q =
msg =
else
Q = @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

# Commands (one user/<command>.c each) and the library they share.
COMMANDS := genfilt chfilt rmfilt mvfilt lsfilt ckfilt expfilt impfilt mkfilt ipsec_logd
LIB_SRCS := $(filter-out $(addprefix user/,$(addsuffix .c,$(COMMANDS))), \
	      $(wildcard user/*.c))
LIB_OBJS := $(patsubst user/%.c,$(OUTPUT)/%.o,$(LIB_SRCS))
LIB      := $(OUTPUT)/libebfilt.a

BPF_SRCS := $(wildcard bpf/*.bpf.c)
BPF_OBJS := $(patsubst bpf/%.bpf.c,$(OUTPUT)/%.bpf.o,$(BPF_SRCS))
BPF_SKELS := $(patsubst bpf/%.bpf.c,$(OUTPUT)/%.skel.h,$(BPF_SRCS)) \
	     $(OUTPUT)/ebfilt_linear.skel.h

UNIT_SRCS := $(wildcard tests/unit/test_*.c tests/bpf/test_*.c)
UNIT_BINS := $(patsubst %.c,$(OUTPUT)/tests/%,$(notdir $(UNIT_SRCS)))
TESTLIB_OBJS := $(patsubst tests/lib/%.c,$(OUTPUT)/tests/lib_%.o,$(wildcard tests/lib/*.c))
CLI_TESTS := $(sort $(wildcard tests/cli/*.t)) $(sort $(wildcard tests/e2e/*.t))

MAN8 := $(wildcard docs/man/*.8)
MAN5 := $(wildcard docs/man/*.5)

LDLIBS += -lbpf -lelf -lz

.PHONY: all check deps install uninstall clean help man-check bench demo
.DELETE_ON_ERROR:
.SECONDARY:

all: $(addprefix $(OUTPUT)/,$(COMMANDS))

help:
	@echo 'make            build the commands into $(OUTPUT)/'
	@echo 'make deps       install missing Debian packages (idempotent)'
	@echo 'make demo       run the logging demo in network namespaces (root)'
	@echo 'make check      install missing packages, build, run every test'
	@echo 'make install    install into $$(DESTDIR)$$(PREFIX) (PREFIX=$(PREFIX))'
	@echo 'make bench      benchmarks (root); BENCH=quick for a short run'
	@echo 'make V=1        show the full commands'

deps:
	$(Q)scripts/install-deps.sh

$(OUTPUT) $(OUTPUT)/tests:
	$(Q)mkdir -p $@

# BPF objects and their skeletons (kernel programs arrive with the filter).
$(OUTPUT)/%.bpf.o: bpf/%.bpf.c | $(OUTPUT)
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPFCFLAGS) $(DEPFLAGS) -c $< -o $@

# The linear-evaluation build of the datapath: only tests and make bench
# load it (through the harness), no command embeds it.
$(OUTPUT)/ebfilt_linear.bpf.o: bpf/ebfilt.bpf.c | $(OUTPUT)
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPFCFLAGS) -DEBFILT_LINEAR $(DEPFLAGS) -c $< -o $@

$(OUTPUT)/%.skel.h: $(OUTPUT)/%.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name $(subst -,_,$*) > $@

# User objects wait for every skeleton, so a command may include any of them.
$(OUTPUT)/%.o: user/%.c $(BPF_SKELS) | $(OUTPUT)
	$(call msg,CC,$@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(DEPFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJS)
	$(call msg,AR,$@)
	$(Q)$(AR) rcs $@ $^

$(addprefix $(OUTPUT)/,$(COMMANDS)): $(OUTPUT)/%: $(OUTPUT)/%.o $(LIB)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $^ $(LDLIBS) -o $@

# Tests: cmocka, one binary per tests/{unit,bpf}/test_*.c, with tests/lib.
TEST_CPPFLAGS = $(CPPFLAGS) -Itests/lib
$(OUTPUT)/tests/%.o: tests/unit/%.c $(BPF_SKELS) | $(OUTPUT)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) $(TEST_CPPFLAGS) $(CFLAGS) -Wno-missing-prototypes $(DEPFLAGS) -c $< -o $@

$(OUTPUT)/tests/%.o: tests/bpf/%.c $(BPF_SKELS) | $(OUTPUT)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) $(TEST_CPPFLAGS) $(CFLAGS) -Wno-missing-prototypes $(DEPFLAGS) -c $< -o $@

$(OUTPUT)/tests/lib_%.o: tests/lib/%.c $(BPF_SKELS) | $(OUTPUT)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) $(TEST_CPPFLAGS) $(CFLAGS) $(DEPFLAGS) -c $< -o $@

$(OUTPUT)/tests/test_%: $(OUTPUT)/tests/test_%.o $(TESTLIB_OBJS) $(LIB)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $^ -lcmocka $(LDLIBS) -o $@

# `make check` is the README's test command: every tier, one TAP summary.
check: deps
	$(Q)$(MAKE) --no-print-directory all $(UNIT_BINS) $(TOOL_BINS) $(BENCH_BINS)
	$(Q)EBFILT_BIN=$(abspath $(OUTPUT)) CMOCKA_MESSAGE_OUTPUT=TAP \
		prove --exec '' $(UNIT_BINS) $(CLI_TESTS)

# Traffic tools for make demo and the end-to-end tests.
TOOL_BINS := $(patsubst tests/tools/%.c,$(OUTPUT)/tests/%,$(wildcard tests/tools/*.c))
$(TOOL_BINS): $(OUTPUT)/tests/%: tests/tools/%.c | $(OUTPUT)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -Wno-missing-prototypes $< $(LDLIBS) -o $@

# make demo (root): the AIX sample scenario, logged to a private rsyslogd.
demo: deps
	$(Q)$(MAKE) --no-print-directory all $(TOOL_BINS)
	$(Q)scripts/demo.sh $(abspath $(OUTPUT))

# Benchmarks (root; not part of make check). BENCH=quick for a short run.
BENCH_BINS := $(patsubst tests/bench/%.c,$(OUTPUT)/tests/%,$(wildcard tests/bench/*.c))
$(OUTPUT)/tests/%.o: tests/bench/%.c $(BPF_SKELS) | $(OUTPUT)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) $(TEST_CPPFLAGS) $(CFLAGS) -Wno-missing-prototypes $(DEPFLAGS) -c $< -o $@

$(BENCH_BINS): $(OUTPUT)/tests/%: $(OUTPUT)/tests/%.o $(TESTLIB_OBJS) $(LIB)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $^ $(LDLIBS) -o $@

bench: deps
	$(Q)scripts/install-deps.sh bench
	$(Q)$(MAKE) --no-print-directory all $(BENCH_BINS) $(TOOL_BINS)
	$(Q)mkdir -p $(OUTPUT)/bench
	$(Q)$(OUTPUT)/tests/bench_classify $(BENCH) $(OUTPUT)/bench/classify.tsv
	$(Q)scripts/bench-traffic.sh $(abspath $(OUTPUT)) $(BENCH)
	$(Q)scripts/bench-activation.sh $(abspath $(OUTPUT)) $(BENCH)
	$(Q)scripts/bench-logging.sh $(abspath $(OUTPUT)) $(BENCH)
	$(Q)scripts/bench-log-compare.sh $(abspath $(OUTPUT)) $(BENCH)
	$(Q)scripts/bench-summary.sh $(abspath $(OUTPUT)) $(BENCH)

man-check:
	$(Q)for m in $(MAN8) $(MAN5); do \
		LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l $$m >/dev/null || exit 1; done

install: all
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man8 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(EXAMPLEDIR)
	install -m 0755 $(addprefix $(OUTPUT)/,$(COMMANDS)) $(DESTDIR)$(SBINDIR)/
	install -m 0644 $(MAN8) $(DESTDIR)$(MANDIR)/man8/
	install -m 0644 $(MAN5) $(DESTDIR)$(MANDIR)/man5/
	install -m 0644 docs/examples/* $(DESTDIR)$(EXAMPLEDIR)/
	install -d $(DESTDIR)$(UNITDIR)
	sed 's|/usr/local/sbin|$(SBINDIR)|' docs/systemd/ipsec_logd.service \
		> $(DESTDIR)$(UNITDIR)/ipsec_logd.service

uninstall:
	rm -f $(addprefix $(DESTDIR)$(SBINDIR)/,$(COMMANDS))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man8/,$(notdir $(MAN8)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(MAN5)))
	rm -rf $(DESTDIR)$(EXAMPLEDIR)
	rm -f $(DESTDIR)$(UNITDIR)/ipsec_logd.service

clean:
	rm -rf $(OUTPUT)

-include $(wildcard $(OUTPUT)/*.d $(OUTPUT)/tests/*.d)
