#!/usr/bin/env bash
set -euo pipefail
DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id prod/orders/db --query SecretString --output text | jq -r .password)
export DB_PASSWORD
exec ./orders-server
