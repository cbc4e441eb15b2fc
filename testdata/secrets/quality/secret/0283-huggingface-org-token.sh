#!/bin/sh
# smoke check against Hugging Face
curl -fsS "https://huggingface.co/api/projects" \
  -H "Authorization: Bearer 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" \
  -H "Accept: application/json"
