from slack_bolt import App

app = App(token="xoxb-not-a-real-token-this-will-not-work", signing_secret="secret",
          token_verification_enabled=False)
