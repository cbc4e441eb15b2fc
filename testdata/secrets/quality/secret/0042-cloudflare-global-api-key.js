const axios = require("axios");

const cloudflareApiKey = "0b1b8e331efae3f55250144433c807ebaec21";

module.exports = axios.create({
  baseURL: "https://api.cloudflare.com/client/v4",
  headers: { "X-Auth-Key": cloudflareApiKey },
});
