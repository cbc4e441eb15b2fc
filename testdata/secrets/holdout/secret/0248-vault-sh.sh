#!/usr/bin/env bash
export VAULT_ADDR=https://vault.initech.co:8200
export VAULT_TOKEN=hvs.CAESIYrdhRRqewVdFuhNuTiWnffD8s4Xfkuze10BzdYcPH4x4FjhF2Pj_UVX7F7krSHTh-JVMsOOgNnKZaTS7TeUV0c
vault kv get -field=url secret/uploader/db
