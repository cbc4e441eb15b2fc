export const ERRORS = {
  INVALID_API_KEY: 'Invalid API key provided.',
  TOKEN_EXPIRED: 'Access token expired.',
  WEAK_PASSWORD: 'Password must contain a number and a symbol.',
};
