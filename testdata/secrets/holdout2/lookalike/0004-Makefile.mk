DB_URL = postgres://$(DB_USER):$(DB_PASSWORD)@$(DB_HOST)/app

check-env:
	@test -n "$(DB_PASSWORD)" || (echo 'export DB_PASSWORD first' && exit 1)

migrate: check-env
	migrate -database "$(DB_URL)" -path migrations up
