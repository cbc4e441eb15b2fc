const axios = require("axios");

const bitbucketAppPassword = "ATBBD7OrAcpS1sd6X0uaVl2YBSvOHLd1U6by";

module.exports = { bitbucketAppPassword, timeoutMs: 10000 };
