GITHUB_TOKEN ?= $(shell gh auth token)
REGISTRY_PASSWORD ?= $(REGISTRY_TOKEN)

login:
	@echo "$(REGISTRY_PASSWORD)" | docker login ghcr.io -u ci --password-stdin
