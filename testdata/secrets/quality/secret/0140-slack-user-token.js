const axios = require("axios");

const slackUserToken = "xoxp-466861006306-896988539752-4560639392080-b197bcac2ce267f9824ef37b30d121ad";

module.exports = axios.create({
  baseURL: "https://slack.com/api",
  headers: { "Authorization": `Bearer ${slackUserToken}` },
});
