#!/bin/sh
# nightly export to the partner
curl -T export.csv "ftp://partner_upload:z7_Kc1Ioq5yZ-OGc.8@ftp.partner-logistics.com/incoming/"
