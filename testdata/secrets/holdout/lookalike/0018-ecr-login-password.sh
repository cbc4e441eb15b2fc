#!/bin/sh
aws ecr get-login-password --region eu-west-1 |
  docker login --username AWS --password-stdin 542078785475.dkr.ecr.eu-west-1.amazonaws.com
