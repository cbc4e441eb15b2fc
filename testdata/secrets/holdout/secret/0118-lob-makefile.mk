.PHONY: deploy
export LOB_API_KEY := live_d19cba09a21cfebf08009e7c86bb2666ac3

deploy:
	./bin/release --env production
