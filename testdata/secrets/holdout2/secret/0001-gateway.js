const braintree = require('braintree');

const gateway = new braintree.BraintreeGateway({
  accessToken: 'access_token$production$505ykb95fi9rxgzc$aebcea350b6b3241f7cdf064d3f180dd'
});
module.exports = gateway;
