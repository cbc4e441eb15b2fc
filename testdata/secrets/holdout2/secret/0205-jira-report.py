from jira import JIRA

jira = JIRA(
    server="https://bluefin.atlassian.net",
    basic_auth=("lena.schmidt@bluefin.dev", "ATATT3xFfGF0ltGAK-hicxp-zqjp8K-JEWU_e2E8D33kxuX8u6SzRdDUYv0tLRbaYa7DF4P-mw3s3tQclAXjyNWwQy9Y8rZTfbFrIKLlJE1-jvBNQNuQWxX9bQ7CkH_p3Ypa3QZOYZVIkl5NksndDv-8wrLnz5aStHWxi7CcoG9iulotD2YVZhH=1705D5A6"),
)
issues = jira.search_issues("project = OPS AND status = Open")
