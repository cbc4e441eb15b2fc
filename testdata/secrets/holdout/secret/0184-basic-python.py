import requests

HEADERS = {"Authorization": "Basic c3ZjLWV4cG9ydDpZKkdaVjFDVUtfb1A=", "Accept": "application/json"}
r = requests.get("https://jira.initech.co/rest/api/2/myself", headers=HEADERS)
print(r.json())
