#!/bin/sh
# join worker nodes
kubeadm join 10.0.0.32:6443 \
  --token x3oqe7.mcy9bxgr77scqe5b \
  --discovery-token-ca-cert-hash sha256:a3db9031c67d881df5928013711e1aa9854e04cb6bebcfef702560196c2ea453
