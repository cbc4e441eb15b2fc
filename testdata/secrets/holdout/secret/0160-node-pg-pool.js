const { Pool } = require('pg');

const pool = new Pool({
  host: 'rds-main.internal',
  user: 'api',
  password: 'd5AdwJAGwCc*20!',
  database: 'orders',
});
