#!/usr/bin/env bash
set -euo pipefail
export LANGSMITH_API_KEY='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'
exec /opt/notifier/bin/server "$@"
