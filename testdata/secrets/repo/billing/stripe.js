const Stripe = require('stripe');
const live = Stripe('sk_live_TIN76L1sKPuxJ7OihbJ3FU2N');
const restricted = 'rk_live_tKgKvgUbSxj6DFvW75X5eLZlIiwUSM0q';
const testKey = 'sk_test_wLdh3MJRY9iWg5j73NyJd1r4';
