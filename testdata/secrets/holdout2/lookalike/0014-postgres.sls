postgres:
  users:
    app:
      password: {{ pillar['vault']['app_db_password'] }}
      createdb: false
