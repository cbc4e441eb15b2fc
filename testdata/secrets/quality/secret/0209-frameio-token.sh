#!/bin/sh
# smoke check against Frame.io
curl -fsS "https://api.frame.io/v2/me" \
  -H "Authorization: Bearer fio-u-vMCGT2dj0brKU_moR4fi3cnoJjpQA2IIzl0cNbNcorSjeC6dbkM2_23ZI_KSXLby" \
  -H "Accept: application/json"
