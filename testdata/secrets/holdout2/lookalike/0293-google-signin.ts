export const googleAuth = {
  clientId: '829814181049-14l799v0tso9lgl8qtvutb58aukoodmi.apps.googleusercontent.com',
  scope: 'openid email profile',
  uxMode: 'popup',
};
