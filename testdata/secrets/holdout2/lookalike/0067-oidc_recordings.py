# recorded authorization request for the redirect handler
AUTHORIZE_URL = (
    "https://accounts.silverpine.io/authorize?response_type=code&client_id=web&redirect_uri=https%3A%2F%2Fapp.silverpine.io%2Fcb&scope=openid&state=blxXbmyiUQXflJhQiUPhbETMdmul3RFv&nonce=usakE2Y16rV9NZoAyX3uGTMIq_pMutov"
)
