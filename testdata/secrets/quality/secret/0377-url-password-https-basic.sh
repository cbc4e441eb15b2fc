#!/bin/sh
set -e
curl -fsSL "https://webapp:80Vr6HTD5iqU6v--.38maGnx@artifacts.cobaltbay.net/releases/app-2.12.5.tar.gz" -o artifact.tar.gz
tar xzf artifact.tar.gz
