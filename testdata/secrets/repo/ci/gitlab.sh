#!/bin/sh
export GITLAB_TOKEN=glpat-DdB1QRwmyjC_FWfP64oj
curl -X POST -F token=glptt-56fe71a08b99454647de89e806bc52842f9fdd72 https://gitlab.internal/api/v4/projects/1/trigger/pipeline
gitlab-runner register --token glrt-KR4W7t2IUsZsUy9uI2nicgdM
DEPLOY_TOKEN=gldt-BN7DB9NtLE7rT--Df85E
