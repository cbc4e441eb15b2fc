module.exports = {
  reportingApiKey: "slFf74Sbinz4IviIg2ONg614iIpygWKoxgb5WY2I",
  region: "eu",
};
