const res = await fetch('https://api.perplexity.ai/chat/completions', {
  method: 'POST',
  headers: { Authorization: 'Bearer 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', 'Content-Type': 'application/json' },
  body: JSON.stringify({ model: 'sonar', messages }),
});
