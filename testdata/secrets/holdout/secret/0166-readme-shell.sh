#!/usr/bin/env bash
set -euo pipefail
export README_API_KEY='rdme_fqfsetm29jioc6hols3sgdes49r7duh9qn1kfvk6l9l01amwwm2p8pghcw6bmw6eojhc5d'
exec /opt/search/bin/server "$@"
