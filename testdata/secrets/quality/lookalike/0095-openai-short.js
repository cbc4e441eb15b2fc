const axios = require("axios");

const openaiApiKey = "sk-proj-qZFzmYAF8k";

module.exports = { openaiApiKey, timeoutMs: 10000 };
