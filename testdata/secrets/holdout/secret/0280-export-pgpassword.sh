#!/usr/bin/env bash
export PGHOST=mysql-01.dc2.lan
export PGUSER=postgres
export PGPASSWORD='Kr0%BrDxH.!_DuJpvjkluUrwvPo6j3'
pg_dump -Fc scheduler > /backups/scheduler-$(date +%F).dump
