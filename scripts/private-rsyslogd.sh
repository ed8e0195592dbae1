#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Start an rsyslogd of our own, for make demo, make bench and the tests:
#   private-rsyslogd.sh DIR SOCKET FILE [TEMPLATE]
# It listens on SOCKET only (not /dev/log), writes facility local4 to FILE
# (with rsyslog's TEMPLATE, default its traditional file format; "received"
# puts the time rsyslogd took each line, to the microsecond, first), keeps its
# state and pid file (DIR/rsyslogd.pid) in DIR, and has rate limiting off
# so that every line sent is a line written. Returns once SOCKET exists.
set -eu
dir=$1 socket=$2 file=$3 template=${4:-RSYSLOG_TraditionalFileFormat}
mkdir -p "$dir/rsyslog"
cat > "$dir/rsyslog.conf" <<CONF
global(workDirectory="$dir/rsyslog")
module(load="imuxsock" SysSock.Use="off")
input(type="imuxsock" Socket="$socket" CreatePath="on" RateLimit.Interval="0")
template(name="facility_severity" type="string"
	 string="%syslogfacility-text%.%syslogseverity-text% %syslogtag%%msg%\n")
template(name="received" type="string"
	 string="%timegenerated:::date-rfc3339% %syslogtag%%msg%\n")
local4.* action(type="omfile" file="$file" template="$template")
CONF
rsyslogd -f "$dir/rsyslog.conf" -i "$dir/rsyslogd.pid"
i=0
while [ ! -S "$socket" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ -S "$socket" ]
