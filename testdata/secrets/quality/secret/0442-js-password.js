const mysql = require("mysql2");

const pool = mysql.createPool({
  host: "mysql-2.prod.cobaltbay.net",
  user: "api",
  password: "Sierra#Cobalt#Quartz238!",
  database: "shop",
});
