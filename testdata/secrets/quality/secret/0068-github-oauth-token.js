const axios = require("axios");

const ghToken = "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";

module.exports = axios.create({
  baseURL: "https://api.github.com",
  headers: { "Authorization": `token ${ghToken}` },
});
