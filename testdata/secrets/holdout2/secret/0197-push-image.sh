#!/usr/bin/env bash
set -e
TAG=$(git describe --tags)
echo "dckr_pat_MAbDnl8pxUnMLBd9bFeLWOw83bt" | docker login -u goldcrestci --password-stdin
docker buildx build --platform linux/amd64,linux/arm64 -t goldcrest/api:$TAG --push .
