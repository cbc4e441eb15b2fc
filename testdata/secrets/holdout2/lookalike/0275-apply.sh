#!/bin/sh
export CLOUDFLARE_API_TOKEN="$(op read "op://Infra/Cloudflare/credential")"
terraform apply
