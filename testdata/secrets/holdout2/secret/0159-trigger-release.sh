#!/bin/sh
curl -fsS -u admin:BHUZUN6lISJEKfDd \
  -X POST https://jenkins.parcelport.com/job/release/buildWithParameters?VERSION=$1
