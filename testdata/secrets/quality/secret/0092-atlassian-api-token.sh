#!/usr/bin/env bash
set -euo pipefail

export JIRA_API_TOKEN="ATATT3xFfGF0MIFjU7v0ZcMEli_YMBJlQ9bFKvX4GhHAGiOUUmHW1dPNcFec7-KYePT3KtXD9r938M78TSbrTqNslbnAmTE-sGqb4Fq9m0ebFixd9uR0IHs5aRnZBj0Zp_ixGeXaDX-V2WJgh3PFWnwoQ9dgjLVNM5wf-CNweY4AzlQo8VLUDqd=F501DB4B"

echo "syncing jira data"
./bin/jira-sync --env production
