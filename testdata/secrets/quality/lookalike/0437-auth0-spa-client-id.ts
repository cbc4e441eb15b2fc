export const auth0Config = {
  domain: "tidewater.eu.auth0.com",
  clientId: "jOSRYHbi25rLpZHug8shu8Zwx8fvGcH9",
  authorizationParams: { redirect_uri: window.location.origin },
};
