#!/usr/bin/env bash
set -euo pipefail
export HF_TOKEN='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'
exec /opt/ingest/bin/server "$@"
