DB_HOST ?= db.brightwave.internal
DB_USER := payments
DB_PASS := Pn0mpBii2ERM087wd1VC4t3Gj2o

.PHONY: migrate
migrate:
	migrate -path db/migrations -database postgres://$(DB_USER):$(DB_PASS)@$(DB_HOST)/crm up
