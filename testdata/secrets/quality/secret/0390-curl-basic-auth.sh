#!/usr/bin/env bash
curl -X POST -u svc_reporting:ZC6f~CR#wl3xWiza https://jenkins.northwind.net/job/deploy/build
echo "triggered"
