const axios = require("axios");

const databricksToken = "dapib035063f31fdf08f29571a5619ae7751-2";

module.exports = axios.create({
  baseURL: "https://juniperhq.cloud.databricks.com/api/2.0",
  headers: { "Authorization": `Bearer ${databricksToken}` },
});
