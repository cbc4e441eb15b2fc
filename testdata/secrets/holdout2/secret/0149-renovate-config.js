module.exports = {
  platform: 'github',
  token: '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',
  repositories: ['corvid/web', 'corvid/api'],
  onboarding: false,
  requireConfig: 'optional',
};
