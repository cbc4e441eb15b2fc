const Redis = require("ioredis");

const redis = new Redis("redis://default:AG2~AzST~rm9Qq7U@redis-4.prod.pinecrest.net:6379/0");
module.exports = redis;
