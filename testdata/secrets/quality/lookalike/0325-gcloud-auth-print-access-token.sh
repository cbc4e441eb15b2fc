#!/bin/sh
TOKEN="$(gcloud auth print-access-token)"
curl -H "Authorization: Bearer $TOKEN" https://run.googleapis.com/v2/projects
