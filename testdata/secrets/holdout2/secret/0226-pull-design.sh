#!/bin/sh
FILE=GlYI110NzM925rPOYtx1sA
curl -s -H 'X-Figma-Token: figd_Nhrsn_XhGrUTvGenGPSjBosczqRpm57ryAq2xgkY' \
  "https://api.figma.com/v1/files/$FILE" > design/tokens.raw.json
