.PHONY: deploy
export NEW_RELIC_LICENSE_KEY := b24cd9cc56bc63393dfb75cfcdc0084266ceNRAL

deploy:
	./bin/release --env production
