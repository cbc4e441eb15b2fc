#!/bin/sh
docker run -d --name invoicer \
  -e STRIPE_SECRET_KEY=sk_live_kMSFVWKYAA7PPcZg96s4vjhc \
  -p 8080:8080 \
  northwind/invoicer:latest
