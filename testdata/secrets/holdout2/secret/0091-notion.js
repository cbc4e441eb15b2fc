const { Client } = require('@notionhq/client');

const notion = new Client({ auth: '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' });
const DB = '23c0515a53f4c882d07edbf094b44011';

module.exports = { notion, DB };
