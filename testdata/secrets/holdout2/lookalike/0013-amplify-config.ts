export default {
  Auth: {
    Cognito: {
      userPoolId: 'ca-central-1_YDVWvb6BR',
      userPoolClientId: '8x27r7hq8me74n023yh63xykp5',
    },
  },
};
