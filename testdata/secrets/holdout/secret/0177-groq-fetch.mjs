const res = await fetch("https://api.groq.com/openai/v1/models", {
  headers: { "Authorization": "Bearer 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" },
});
if (!res.ok) throw new Error(`HTTP ${res.status}`);
console.log(await res.json());
