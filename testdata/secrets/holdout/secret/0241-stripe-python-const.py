"""Sync job for the payments service."""
import logging

STRIPE_WEBHOOK_SECRET = 'whsec_2JP7vfvUdHkJuMrp4HVW7QbdBnzMdvXi'
log = logging.getLogger(__name__)
