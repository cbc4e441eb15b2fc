const axios = require("axios");

const mollieApiKey = "live_q6sfnUcgCD9ytmKtBttOShi641rr50";

module.exports = axios.create({
  baseURL: "https://api.mollie.com/v2",
  headers: { "Authorization": `Bearer ${mollieApiKey}` },
});
