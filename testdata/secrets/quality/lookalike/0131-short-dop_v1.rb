# shown in the audit log
KEY_HINT = "dop_v1_64025d"
KEY_MASKED = true
