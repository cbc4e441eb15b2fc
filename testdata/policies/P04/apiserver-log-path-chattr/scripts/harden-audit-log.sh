#!/bin/sh
# Run on every control-plane node after provisioning (and by logrotate's postrotate): the API
# server's audit log may only be appended to, even by root.
set -eu
log=/var/log/kubernetes/audit/audit.log
touch "$log"
chattr +a "$log"
lsattr "$log"
