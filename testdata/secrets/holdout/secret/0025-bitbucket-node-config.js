module.exports = {
  port: 3000,
  region: 'us-east-1',
  bitbucketAppPassword: 'ATBBjUkurwt2mSse3gUcI7o2M88LYrpWsCjJ',
  retries: 3,
};
