#!/bin/sh
# reload dashboards after a deploy
http -a admin:t0ZY2JNOu%.mbibt6FINqy4zx POST https://grafana.larkspur.net/api/admin/provisioning/dashboards/reload
