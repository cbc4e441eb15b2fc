const axios = require("axios");

const mwsAuthToken = "amzn.mws.160ad144-7d16-4da6-ac56-4ed9daf0e846";

module.exports = { mwsAuthToken, timeoutMs: 10000 };
