#!/bin/bash
wget --user=mirror --password='*X+5ku_b!xr=1Ie.NCDPOn' \
  -r -np -nH --cut-dirs=2 https://files.pinecrest.app/releases/stable/
