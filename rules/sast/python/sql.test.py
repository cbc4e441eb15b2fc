from sqlalchemy import text

def lookup(cur, conn, uid, name):
    # gatehouse-expect: python-sql-string-building
    cur.execute(f"SELECT * FROM users WHERE id = {uid}")
    # gatehouse-expect: python-sql-string-building
    cur.execute("SELECT * FROM users WHERE name = '%s'" % name)
    # gatehouse-expect: python-sql-string-building
    cur.execute("SELECT * FROM users WHERE name = '" + name + "'")
    # gatehouse-expect: python-sql-string-building
    cur.execute("DELETE FROM t WHERE id = {}".format(uid))
    # gatehouse-ok: python-sql-string-building
    cur.execute("SELECT * FROM users WHERE id = %s", (uid,))
    # gatehouse-ok: python-sql-string-building
    cur.execute(QUERY, {"id": uid})
    # gatehouse-expect: python-sqlalchemy-text-formatted
    conn.execute(text(f"SELECT * FROM users WHERE id = {uid}"))
    # gatehouse-expect: python-sqlalchemy-text-formatted
    stmt = text("SELECT * FROM users WHERE name = '%s'" % name)
    # gatehouse-ok: python-sqlalchemy-text-formatted
    stmt = text("SELECT * FROM users WHERE id = :id").bindparams(id=uid)
    # gatehouse-ok: python-sqlalchemy-text-formatted
    label = text_label(f"user {uid}")
    return stmt
