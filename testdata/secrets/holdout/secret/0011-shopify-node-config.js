module.exports = {
  port: 3000,
  region: 'us-east-1',
  shopifyAccessToken: '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',
  retries: 3,
};
