#!/bin/sh
TOKEN=glpat-qsLJy
echo "token too short: ${#TOKEN}"
