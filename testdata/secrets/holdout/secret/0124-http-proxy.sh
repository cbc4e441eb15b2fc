#!/usr/bin/env bash
export http_proxy="http://jdoe:DVY77qD2j~Bu_nrEQc8Qyst@proxy.corp.local:3128"
export https_proxy="$http_proxy"
export no_proxy="localhost,127.0.0.1,.corp.local"
