#!/usr/bin/env bash
export VAULT_ADDR=https://vault.harborview.com:8200
export VAULT_TOKEN=hvs.P9llVqtR4TZY2ARTG1tSxhgU
vault kv get -field=config secret/ci/builder > builder.json
