#!/usr/bin/env bash
WEBHOOK_URL='https://chat.googleapis.com/v1/spaces/AAAARhfhnWp/messages?key=AIzaSyE5F_e_2kay8k_I2YDmJ_caceE85RkPaCd&token=02Qj2Hzbpw5YzzMPrfkFGqxDSQ4uk6KFDQFPy0l3QxS%3D'
curl -sS -X POST -H 'Content-Type: application/json' \
  -d "{\"text\": \"deploy of $1 finished\"}" "$WEBHOOK_URL"
