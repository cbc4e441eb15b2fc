#!/bin/sh
aws secretsmanager get-secret-value \
  --secret-id prod/api-key \
  --query SecretString --output text > /run/app/api-key
