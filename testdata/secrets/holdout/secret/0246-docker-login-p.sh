#!/bin/sh
set -e
docker login registry.acme.io -u ci -p 'FOskMjh@S15eBK^ODNQj'
docker push registry.acme.io/mailer:latest
