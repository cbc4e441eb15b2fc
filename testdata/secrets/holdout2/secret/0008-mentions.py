import tweepy

client = tweepy.Client(bearer_token="AAAAAAAAAAAAAAAAAAAAAaXU7GV0RAAAAAArP9n6uW5CUaWaSHPdl4%3DSNigTdDvhd94inZBQcirVaB9gMOImChXFfP2j2e3lrJCPUdisX")
tweets = client.search_recent_tweets("stonegate -is:retweet", max_results=50)
