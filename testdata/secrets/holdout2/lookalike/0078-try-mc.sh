# public MinIO playground from the MinIO docs
mc alias set play https://play.min.io \
  Q3AM3UQ867SPQQA43P2F zuf+tfteSlswRu7BJ86wekitnifILbZam1KYY3TG
mc ls play
