# SPDX-License-Identifier: GPL-2.0
# ebfilt: one pattern-rule Makefile in the libbpf-bootstrap style.
#   bpf/X.bpf.c -> OUT/X.bpf.o -> OUT/X.skel.h
#   user/<job>/Y.c -> OUT/user/<job>/Y.o -> OUT/libebfilt.a
#   user/cmd/<command>.c -> OUT/<command>      (every file there is a command)
# Everything is built into $(OUTPUT); `make V=1` shows the commands.
# CFLAGS, CPPFLAGS, LDFLAGS and LDLIBS given on the command line add to
# what the build needs; they never replace the standard or the warnings.

VERSION  := 0.8.0

OUTPUT   ?= build

# Installation directories, by the GNU conventions: prefix (PREFIX is the
# same), DESTDIR, and each directory on its own. The commands read
# /etc/ebfilt whatever the prefix, so sysconfdir is /etc unless given.
PREFIX   ?= /usr/local
prefix   ?= $(PREFIX)
exec_prefix ?= $(prefix)
sbindir  ?= $(exec_prefix)/sbin
libexecdir ?= $(exec_prefix)/libexec
datarootdir ?= $(prefix)/share
mandir   ?= $(datarootdir)/man
docdir   ?= $(datarootdir)/doc/ebfilt
sysconfdir ?= /etc
unitdir  ?= $(prefix)/lib/systemd/system
bashcompdir ?= $(datarootdir)/bash-completion/completions
DESTDIR  ?=

CC       ?= cc
CLANG    ?= clang
BPFTOOL  ?= bpftool
ARCH     := $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')

CFLAGS   ?= -g -O2
BUILD_CFLAGS   := -std=gnu11 -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes \
		  -Wstrict-prototypes -Wformat=2
BUILD_CPPFLAGS := -Iinclude -Iuser -I$(OUTPUT) -D_GNU_SOURCE \
		  -DEBFILT_VERSION='"$(VERSION)"'
DEPFLAGS  = -MMD -MP
# No CO-RE: the programs read only UAPI and wire-format structs (xdp_md,
# __sk_buff, bpf_fib_lookup, the packet headers), whose layout is ABI.
# With CO-RE field relocations libbpf parsed the kernel's whole BTF at
# every activation (12 ms of a 10,000-rule replacement).
BPFCFLAGS := -g -O2 -Wall -Werror -target bpf -D__TARGET_ARCH_$(ARCH) \
	     -DBPF_NO_PRESERVE_ACCESS_INDEX -Iinclude -Ivmlinux
ALL_CFLAGS   = $(BUILD_CPPFLAGS) $(CPPFLAGS) $(BUILD_CFLAGS) $(CFLAGS) $(DEPFLAGS)
ALL_LDLIBS   = $(LDLIBS) -lbpf -lelf -lz -lsystemd -lpcap

ifeq ($(V),1)
Q =
msg =
else
Q = @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

# Commands: one file each in user/cmd/. The library: every other job directory.
COMMANDS := $(sort $(patsubst user/cmd/%.c,%,$(wildcard user/cmd/*.c)))
LIB_SRCS := $(sort $(filter-out user/cmd/%,$(wildcard user/*/*.c)))
LIB_OBJS := $(patsubst %.c,$(OUTPUT)/%.o,$(LIB_SRCS))
CMD_OBJS := $(patsubst %,$(OUTPUT)/user/cmd/%.o,$(COMMANDS))
LIB      := $(OUTPUT)/libebfilt.a

# The datapath (bpf/), and the BPF programs only tests and make bench load
# (tests/progs/: the empty program, the linear-evaluation build).
BPF_SKELS := $(patsubst bpf/%.bpf.c,$(OUTPUT)/%.skel.h,$(wildcard bpf/*.bpf.c))
TEST_SKELS := $(patsubst tests/progs/%.bpf.c,$(OUTPUT)/%.skel.h,$(wildcard tests/progs/*.bpf.c))

# Tests by tier: unit and bpf (cmocka binaries), cli and e2e (TAP scripts),
# tools (traffic helpers) and bench (benchmarks), with tests/lib shared.
UNIT_SRCS := $(wildcard tests/unit/test_*.c tests/bpf/test_*.c)
UNIT_BINS := $(patsubst %.c,$(OUTPUT)/%,$(UNIT_SRCS))
TESTLIB_OBJS := $(patsubst %.c,$(OUTPUT)/%.o,$(wildcard tests/lib/*.c))
TOOL_BINS := $(patsubst %.c,$(OUTPUT)/%,$(wildcard tests/tools/*.c))
LIB_TOOL_BINS := $(OUTPUT)/tests/tools/xfrm_watch
BENCH_BINS := $(patsubst %.c,$(OUTPUT)/%,$(wildcard tests/bench/*.c))
CLI_TESTS := $(sort $(wildcard tests/cli/*.t)) $(sort $(wildcard tests/e2e/*.t))
TEST_OBJS := $(patsubst %,%.o,$(UNIT_BINS) $(BENCH_BINS)) $(TESTLIB_OBJS)

MAN8 := $(wildcard docs/man/*.8)
MAN5 := $(wildcard docs/man/*.5)
MAN7 := $(wildcard docs/man/*.7)

.PHONY: all check deps install uninstall clean help man-check bench demo fuzz
.DELETE_ON_ERROR:
.SECONDARY:

all: $(addprefix $(OUTPUT)/,$(COMMANDS))

help:
	@echo 'make            build the commands into $(OUTPUT)/'
	@echo 'make deps       install missing Debian packages (idempotent)'
	@echo 'make demo       run the logging demo in network namespaces (root)'
	@echo 'make check      install missing packages, build, run every test'
	@echo 'make install    install into $$(DESTDIR)$$(prefix) (prefix=$(prefix)), config in $(sysconfdir)'
	@echo 'make uninstall  remove what make install put there'
	@echo 'make bench      benchmarks (root); QUICK=1 for a short run'
	@echo 'make fuzz       run each libFuzzer target FUZZ_SECONDS (default 30) seconds'
	@echo 'make V=1        show the full commands'

deps:
	$(Q)scripts/install-deps.sh

# BPF objects and their skeletons.
$(OUTPUT)/%.bpf.o: bpf/%.bpf.c
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPFCFLAGS) $(DEPFLAGS) -c $< -o $@

$(OUTPUT)/%.bpf.o: tests/progs/%.bpf.c
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPFCFLAGS) -Ibpf $(DEPFLAGS) -c $< -o $@

$(OUTPUT)/%.skel.h: $(OUTPUT)/%.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name $(subst -,_,$*) > $@

# C objects. The skeletons are order-only: -MMD records which ones an object
# really includes once it has been built.
$(OUTPUT)/user/%.o: user/%.c | $(BPF_SKELS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -c $< -o $@

$(OUTPUT)/tests/%.o: tests/%.c | $(BPF_SKELS) $(TEST_SKELS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -Itests/lib -Wno-missing-prototypes -c $< -o $@

$(LIB): $(LIB_OBJS)
	$(call msg,AR,$@)
	$(Q)$(AR) rcs $@ $^

$(addprefix $(OUTPUT)/,$(COMMANDS)): $(OUTPUT)/%: $(OUTPUT)/user/cmd/%.o $(LIB)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $^ $(ALL_LDLIBS) -o $@

$(UNIT_BINS): $(OUTPUT)/tests/%: $(OUTPUT)/tests/%.o $(TESTLIB_OBJS) $(LIB)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $^ -lcmocka $(ALL_LDLIBS) -o $@

$(LIB_TOOL_BINS): $(OUTPUT)/tests/%: $(OUTPUT)/tests/%.o $(LIB)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $^ $(ALL_LDLIBS) -o $@

$(BENCH_BINS): $(OUTPUT)/tests/%: $(OUTPUT)/tests/%.o $(TESTLIB_OBJS) $(LIB)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $^ $(ALL_LDLIBS) -o $@

# Traffic tools stand alone: no library, no skeleton. The few that show
# what the library reads (LIB_TOOL_BINS) link it.
$(filter-out $(LIB_TOOL_BINS),$(TOOL_BINS)): $(OUTPUT)/tests/tools/%: tests/tools/%.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(BUILD_CFLAGS) $(CFLAGS) $(DEPFLAGS) -Wno-missing-prototypes $< \
		$(LDFLAGS) $(ALL_LDLIBS) -o $@

# libFuzzer targets (tests/fuzz/fuzz_*.c), built with clang and the address
# and undefined-behaviour sanitizers against a library built the same way,
# in $(OUTPUT)/fuzz/. Each starts from its seed corpus in tests/fuzz/corpus/.
FUZZ_OUT     := $(OUTPUT)/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS   = $(BUILD_CPPFLAGS) $(CPPFLAGS) $(BUILD_CFLAGS) -g -O1 $(FUZZ_SAN) $(DEPFLAGS)
FUZZ_BINS    := $(patsubst tests/fuzz/%.c,$(FUZZ_OUT)/%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_LIB     := $(FUZZ_OUT)/libebfilt.a
FUZZ_LIB_OBJS := $(patsubst %.c,$(FUZZ_OUT)/%.o,$(LIB_SRCS))
FUZZ_SECONDS ?= 30

$(FUZZ_OUT)/user/%.o: user/%.c | $(BPF_SKELS)
	$(call msg,CC-FUZZ,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_LIB): $(FUZZ_LIB_OBJS)
	$(call msg,AR,$@)
	$(Q)$(AR) rcs $@ $^

$(FUZZ_OUT)/%: tests/fuzz/%.c $(FUZZ_LIB)
	$(call msg,FUZZ,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer $< $(FUZZ_LIB) $(LDFLAGS) $(ALL_LDLIBS) -o $@

# New inputs go to a work corpus in $(FUZZ_OUT); the seeds stay as they are.
fuzz: deps $(FUZZ_BINS)
	$(Q)for f in $(FUZZ_BINS); do \
		t=$$(basename $$f); mkdir -p $(FUZZ_OUT)/corpus/$$t; \
		echo "  FUZZ     $$t for $(FUZZ_SECONDS) s"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
		    -artifact_prefix=$(FUZZ_OUT)/$$t- -print_final_stats=1 \
		    $(FUZZ_OUT)/corpus/$$t tests/fuzz/corpus/$$t \
		    > $(FUZZ_OUT)/$$t.log 2>&1 || { tail -40 $(FUZZ_OUT)/$$t.log; exit 1; }; \
		grep -E '^stat::number_of_executed_units' $(FUZZ_OUT)/$$t.log | sed 's/^/           /'; \
	done

# The loaders find the test programs' objects beside the commands.
TEST_BPF_OBJS := $(patsubst %.skel.h,%.bpf.o,$(TEST_SKELS))

# `make check` is the README's test command: every tier, one TAP summary.
check: deps
	$(Q)$(MAKE) --no-print-directory all $(UNIT_BINS) $(TOOL_BINS) $(BENCH_BINS) \
		$(TEST_BPF_OBJS) $(FUZZ_BINS)
	$(Q)EBFILT_BIN=$(abspath $(OUTPUT)) CMOCKA_MESSAGE_OUTPUT=TAP \
		prove --exec '' $(UNIT_BINS) $(CLI_TESTS)

# make demo (root): the AIX sample scenario, logged to a private rsyslogd.
demo: deps
	$(Q)$(MAKE) --no-print-directory all $(TOOL_BINS)
	$(Q)scripts/demo.sh $(abspath $(OUTPUT))

# Benchmarks (root; not part of make check). QUICK=1 (or BENCH=quick) for a
# short run.
BENCH ?= $(if $(QUICK),quick,)
bench: deps
	$(Q)scripts/install-deps.sh bench
	$(Q)$(MAKE) --no-print-directory all $(BENCH_BINS) $(TOOL_BINS) $(TEST_BPF_OBJS)
	$(Q)mkdir -p $(OUTPUT)/bench
	$(Q)$(OUTPUT)/tests/bench/bench_classify $(BENCH) $(OUTPUT)/bench/classify.tsv
	$(Q)$(OUTPUT)/tests/bench/bench_mix $(BENCH) $(OUTPUT)/bench/mix.tsv
	$(Q)$(OUTPUT)/tests/bench/bench_state $(BENCH)
	$(Q)$(OUTPUT)/tests/bench/bench_session $(BENCH)
	$(Q)$(OUTPUT)/tests/bench/bench_log $(BENCH)
	$(Q)scripts/bench-traffic.sh $(abspath $(OUTPUT)) $(BENCH)
	$(Q)scripts/bench-activation.sh $(abspath $(OUTPUT)) $(BENCH)
	$(Q)scripts/bench-dispatch.sh $(abspath $(OUTPUT)) $(BENCH)
	$(Q)scripts/bench-logging.sh $(abspath $(OUTPUT)) $(BENCH)
	$(Q)scripts/bench-burst.sh $(abspath $(OUTPUT)) $(BENCH)
	$(Q)scripts/bench-log-compare.sh $(abspath $(OUTPUT)) $(BENCH)
	$(Q)scripts/bench-summary.sh $(abspath $(OUTPUT)) $(BENCH)

man-check:
	$(Q)for m in $(MAN8) $(MAN5) $(MAN7); do \
		LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l $$m >/dev/null || exit 1; done

# What make install puts where. The units name the commands where they are
# installed. Files under sysconfdir are the administrator's: installed only
# where none is, removed only when still as installed, so neither command
# ever loses an edit. uninstall removes exactly what install wrote, then
# ebfilt's own directories once empty; into a DESTDIR (a staged tree, which
# install made) every directory left empty too, up to DESTDIR itself.
UNITS := $(wildcard docs/systemd/*.service)
LIBEXEC := docs/systemd/ebfilt-boot-failure
INSTALLED_PATHS = sed -e 's|/usr/local/sbin|$(sbindir)|g' -e 's|/usr/local/libexec|$(libexecdir)|g'
SYSCONF_FILES := docs/examples/ebfilt.conf:ebfilt/ebfilt.conf \
	docs/examples/filter4.rules:ebfilt/examples/filter4.rules \
	docs/examples/filter6.rules:ebfilt/examples/filter6.rules \
	docs/rsyslog/30-ebfilt.conf:rsyslog.d/30-ebfilt.conf \
	docs/logrotate/ebfilt:logrotate.d/ebfilt
OWN_DIRS := $(sysconfdir)/ebfilt/examples $(sysconfdir)/ebfilt $(docdir) $(libexecdir)/ebfilt
INSTALL_DIRS := $(sbindir) $(mandir)/man8 $(mandir)/man5 $(mandir)/man7 $(unitdir) $(bashcompdir) \
	$(sysconfdir)/rsyslog.d $(sysconfdir)/logrotate.d $(OWN_DIRS)

install: all
	install -d $(addprefix $(DESTDIR),$(INSTALL_DIRS))
	install -m 0755 $(addprefix $(OUTPUT)/,$(COMMANDS)) $(DESTDIR)$(sbindir)/
	install -m 0644 $(MAN8) $(DESTDIR)$(mandir)/man8/
	install -m 0644 $(MAN5) $(DESTDIR)$(mandir)/man5/
	install -m 0644 $(MAN7) $(DESTDIR)$(mandir)/man7/
	for u in $(UNITS); do \
		$(INSTALLED_PATHS) $$u > $(DESTDIR)$(unitdir)/$${u##*/} || exit 1; \
		chmod 0644 $(DESTDIR)$(unitdir)/$${u##*/}; done
	for p in $(LIBEXEC); do \
		$(INSTALLED_PATHS) $$p > $(DESTDIR)$(libexecdir)/ebfilt/$${p##*/} || exit 1; \
		chmod 0755 $(DESTDIR)$(libexecdir)/ebfilt/$${p##*/}; done
	install -m 0644 README.md LICENSE $(DESTDIR)$(docdir)/
	install -m 0644 docs/completion/ebfilt $(DESTDIR)$(bashcompdir)/ebfilt
	for c in $(COMMANDS); do ln -sf ebfilt $(DESTDIR)$(bashcompdir)/$$c || exit 1; done
	for f in $(SYSCONF_FILES); do \
		to=$(DESTDIR)$(sysconfdir)/$${f#*:}; \
		if [ ! -e $$to ]; then install -m 0644 $${f%%:*} $$to || exit 1; \
		elif ! cmp -s $${f%%:*} $$to; then echo "install: $$to was changed: kept"; fi; done

uninstall:
	rm -f $(addprefix $(DESTDIR)$(sbindir)/,$(COMMANDS))
	rm -f $(addprefix $(DESTDIR)$(mandir)/man8/,$(notdir $(MAN8)))
	rm -f $(addprefix $(DESTDIR)$(mandir)/man5/,$(notdir $(MAN5)))
	rm -f $(addprefix $(DESTDIR)$(mandir)/man7/,$(notdir $(MAN7)))
	rm -f $(addprefix $(DESTDIR)$(unitdir)/,$(notdir $(UNITS)))
	rm -f $(addprefix $(DESTDIR)$(libexecdir)/ebfilt/,$(notdir $(LIBEXEC)))
	rm -f $(DESTDIR)$(docdir)/README.md $(DESTDIR)$(docdir)/LICENSE
	rm -f $(addprefix $(DESTDIR)$(bashcompdir)/,ebfilt $(COMMANDS))
	for f in $(SYSCONF_FILES); do \
		to=$(DESTDIR)$(sysconfdir)/$${f#*:}; \
		if [ ! -e $$to ] || cmp -s $${f%%:*} $$to; then rm -f $$to; \
		else echo "uninstall: $$to was changed: kept"; fi; done
ifeq ($(DESTDIR),)
	for d in $(OWN_DIRS); do [ ! -d $$d ] || rmdir --ignore-fail-on-non-empty $$d; done
else
	cd $(DESTDIR) && for d in $(patsubst /%,%,$(INSTALL_DIRS)); do \
		[ ! -d $$d ] || rmdir -p --ignore-fail-on-non-empty $$d; done
endif

clean:
	rm -rf $(OUTPUT)

-include $(patsubst %.o,%.d,$(LIB_OBJS) $(CMD_OBJS) $(TEST_OBJS)) \
	 $(patsubst %.skel.h,%.bpf.d,$(BPF_SKELS) $(TEST_SKELS)) \
	 $(patsubst %,%.d,$(TOOL_BINS)) \
	 $(patsubst %.o,%.d,$(FUZZ_LIB_OBJS)) $(patsubst %,%.d,$(FUZZ_BINS))
