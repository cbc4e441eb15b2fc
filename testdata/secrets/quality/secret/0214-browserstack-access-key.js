const axios = require("axios");

const browserstackAccessKey = "W082RYyMdsqOvQIJBlDf";

module.exports = { browserstackAccessKey, timeoutMs: 10000 };
