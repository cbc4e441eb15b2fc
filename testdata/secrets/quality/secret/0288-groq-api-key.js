const axios = require("axios");

const groqApiKey = "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";

module.exports = axios.create({
  baseURL: "https://api.groq.com/openai/v1",
  headers: { "Authorization": `Bearer ${groqApiKey}` },
});
