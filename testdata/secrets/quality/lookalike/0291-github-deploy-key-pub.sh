#!/bin/sh
echo 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKoqulM05cWB4t4f7643uyPcbxvq4LasWfshrQz3e4CB ci' >> ~/.ssh/authorized_keys
chmod 600 ~/.ssh/authorized_keys
