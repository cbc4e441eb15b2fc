from github import Github

gh = Github("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")
repo = gh.get_repo("ironbark/infra")

for pr in repo.get_pulls(state="open"):
    print(pr.number, pr.title, pr.user.login)
