#!/bin/bash
set -e
smbclient //fs01/finance -U 'svc_export%h.r+jhjQ+~X.F.lKU05W0y' -c 'cd exports; put report.xlsx'
