const axios = require("axios");

const figmaToken = "figd_AAWcbKMb-Icxy0umEiAVzqexDrkBic-oGe0wTYl4";

module.exports = axios.create({
  baseURL: "https://api.figma.com/v1",
  headers: { "X-Figma-Token": figmaToken },
});
