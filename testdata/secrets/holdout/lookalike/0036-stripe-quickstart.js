// From the Stripe quickstart; this is Stripe's public documentation test key.
const stripe = require('stripe')('sk_test_4eC39HqLyjWDarjtT1zdp7dc');

const session = await stripe.checkout.sessions.create({ mode: 'payment' });
