<Auth0Provider
  domain="trellis.eu.auth0.com"
  clientId="vBBAzCVbJiW3HLEeUuTmcNUmOzLKZpiQ"
  authorizationParams={{ redirect_uri: window.location.origin }}
>
