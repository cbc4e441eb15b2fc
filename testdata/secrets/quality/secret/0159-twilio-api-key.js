const twilio = require("twilio");

const apiKey = "SK6dec9ec12b2b9652226cf485b6173422";
const apiSecret = "FKHJUjT8UhvkJRlYBibnt1RMdpeHqLHO";
const client = twilio(apiKey, apiSecret, { accountSid: "AC5c80e440706d496c57122eb46ab7f8dd" });
