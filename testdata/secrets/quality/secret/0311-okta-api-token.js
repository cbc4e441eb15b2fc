const axios = require("axios");

const oktaApiToken = "00T7DfB90-SfL6xv83mO_B0B6yVK3xwdeuK71ym3aq";

module.exports = axios.create({
  baseURL: "https://kestrel.okta.com/api/v1",
  headers: { "Authorization": `SSWS ${oktaApiToken}` },
});
