import re

AWS_KEY_RE = re.compile(r"(AKIA|ASIA)[A-Z2-7]{16}")
SLACK_RE = re.compile(r"xox[bpoa]-[0-9A-Za-z-]+")
