const axios = require("axios");

const githubToken = "ghp_********************************oAz0";

module.exports = { githubToken, timeoutMs: 10000 };
