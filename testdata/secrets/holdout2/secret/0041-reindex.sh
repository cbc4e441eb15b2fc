# reindex the catalogue
curl -X POST https://api.amberly.com/admin/reindex \
  -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI1ODI5MjMiLCJlbWFpbCI6Inl1a2kudEBhbWJlcmx5LmNvbSIsInJvbGUiOiJhZG1pbiIsImlhdCI6MTczMDk1Mjk2MSwiZXhwIjoxNzYyNDg4OTYxfQ.SNUSYkXrub03hPPSe1RqPU98ktqle_qmgAtFP9XkhFE' \
  -H 'Content-Type: application/json' -d '{"full": true}'
