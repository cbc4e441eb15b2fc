#!/bin/sh
# prints: hello world
echo "aGVsbG8gd29ybGQ=" | base64 -d
