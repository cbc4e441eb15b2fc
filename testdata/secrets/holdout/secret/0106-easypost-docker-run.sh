#!/bin/sh
docker run -d --name webhooks \
  -e EASYPOST_API_KEY=EZAKd3b8e44pcn2p4qdmu10l7nz3nnh7t6mwn0dikocc4wrnh19pdm7oov \
  -p 8080:8080 \
  vandelay/webhooks:latest
