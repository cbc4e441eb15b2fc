export const msalConfig = {
  auth: {
    clientId: 'c7c96a01-35b3-4915-ac64-e81177125171',
    authority: 'https://login.microsoftonline.com/8fa0713c-9fc6-4394-a544-20ee4c175bd2',
    redirectUri: window.location.origin,
  },
};
