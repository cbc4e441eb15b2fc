const axios = require("axios");

const mailchimpApiKey = "a0d28192867a49dde1d537aff59990ef-us4";

module.exports = { mailchimpApiKey, timeoutMs: 10000 };
