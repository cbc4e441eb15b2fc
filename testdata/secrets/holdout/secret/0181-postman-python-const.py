"""Sync job for the payments service."""
import logging

POSTMAN_API_KEY = 'PMAK-66f90d08c79dd3fe9ad06b77-44a5ad75c5b97b2900b9ccaa2f9e6b4507'
log = logging.getLogger(__name__)
