import System.Environment (lookupEnv)

loadToken :: IO (Maybe String)
loadToken = lookupEnv "SLACK_BOT_TOKEN"
