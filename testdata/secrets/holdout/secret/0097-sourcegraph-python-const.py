"""Sync job for the payments service."""
import logging

SRC_ACCESS_TOKEN = 'sgp_680241a9cc903427_c45471198bc83441e934554bf025b74b23519028'
log = logging.getLogger(__name__)
