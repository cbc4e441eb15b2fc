#!/usr/bin/env bash
set -e
oc login --token=sha256~04QYPur2JcURm6vZoKO49i_DfuqApDaROhiN8bSp5AH --server=https://api.ocp4.initech.co:6443
oc project invoicer
oc rollout restart deployment/invoicer
