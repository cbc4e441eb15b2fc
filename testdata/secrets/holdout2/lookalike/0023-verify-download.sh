#!/bin/sh
# verify a release download against the project's minisign public key
set -e
minisign -Vm "$1" -P RWRKA/UKxOZ6dn8mXwX1IsqYMkkXho39prpckzIl4ukfP6uvRdFFNo4h
