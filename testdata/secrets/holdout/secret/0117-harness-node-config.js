module.exports = {
  port: 3000,
  region: 'us-east-1',
  harnessApiKey: 'pat.z2F36PYqOF1aKAtZepaOmt.b505335fcc9d4be2ac6f20de.YgAg1oXd702CbwzRbRfK',
  retries: 3,
};
