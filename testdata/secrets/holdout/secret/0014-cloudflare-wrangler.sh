#!/usr/bin/env bash
export CLOUDFLARE_ACCOUNT_ID=b291b2291f4a7b8d8fee38f248dff76d
export CLOUDFLARE_API_TOKEN=3oAAHy3uFuZ8uajZsTjGWetqUbBPyogXb-0jnWKu
npx wrangler deploy --env production
