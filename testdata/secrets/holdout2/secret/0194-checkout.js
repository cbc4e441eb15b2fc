const express = require('express');
const stripe = require('stripe')('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');

const app = express();
app.post('/checkout', async (req, res) => {
  const session = await stripe.checkout.sessions.create({ mode: 'payment', line_items: req.body.items });
  res.json({ url: session.url });
});
