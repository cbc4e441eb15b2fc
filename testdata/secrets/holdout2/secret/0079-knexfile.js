module.exports = {
  production: {
    client: 'pg',
    connection: {
      host: 'db-prod-01.internal',
      database: 'crm',
      user: 'svc_orders',
      password: 'smYrOFa97IWHFN_tr55MYezN',
    },
    pool: { min: 2, max: 10 },
    migrations: { tableName: 'knex_migrations' },
  },
};
