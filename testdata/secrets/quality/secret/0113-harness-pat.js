const axios = require("axios");

const harnessPlatformApiKey = "pat.BvvSTz_DANLFik8EDHxGJQ.907f498cd3d5c9d7ba78750d.slkHL9o9Lp1C44wwAiac";

module.exports = axios.create({
  baseURL: "https://app.harness.io",
  headers: { "x-api-key": harnessPlatformApiKey },
});
