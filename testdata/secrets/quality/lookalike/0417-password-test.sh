#!/bin/sh
# integration tests against the throwaway container
mysql -h 127.0.0.1 -u root --password=test -e 'SELECT 1'
