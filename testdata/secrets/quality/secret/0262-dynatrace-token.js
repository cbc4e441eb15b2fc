const axios = require("axios");

const dtApiToken = "dt0c01.T87F082VYLY13SD45HCMEG0N.FEP2MHNK6FENC7KK5V3BKXHPEJN1X7P6HST3F5AN9RPT87M9VOESM1RMANYGVP9S";

module.exports = axios.create({
  baseURL: "https://tuevocks.live.dynatrace.com/api/v2",
  headers: { "Authorization": `Api-Token ${dtApiToken}` },
});
