from django.db.models.expressions import RawSQL
from sqlalchemy import text

def lookup(cur, conn, uid, name, column, order):
    # gatehouse-expect: python-sql-string-building
    cur.execute(f"SELECT * FROM users WHERE id = {uid}")
    # gatehouse-expect: python-sql-string-building
    cur.execute("SELECT * FROM users WHERE name = '%s'" % name)
    # gatehouse-expect: python-sql-string-building
    cur.execute("SELECT * FROM users WHERE name = '" + name + "'")
    # gatehouse-expect: python-sql-string-building
    cur.execute("DELETE FROM t WHERE id = {}".format(uid))
    # gatehouse-expect: python-sql-string-building
    cur.execute("SHOW COLUMNS LIKE '%s'" % column)
    # gatehouse-expect: python-sql-string-building
    query = "SELECT id, email FROM users WHERE name = '%s'" % name
    # gatehouse-expect: python-sql-string-building
    sql = "UPDATE users SET email = '{}' WHERE id = {}".format(name, uid)
    # gatehouse-expect: python-sql-string-building
    statement = f"INSERT INTO users (name) VALUES ('{name}')"
    # gatehouse-expect: python-sql-string-building
    sql = f"""
        SELECT id, name
        FROM users
        ORDER BY {order}
    """
    # gatehouse-expect: python-sql-string-building
    return "DELETE FROM sessions WHERE user_id = " + str(uid)

def orm(Order, status, customer):
    # gatehouse-expect: python-sql-string-building
    a = Order.objects.extra(where=["status = '%s'" % status])
    # gatehouse-expect: python-sql-string-building
    b = Order.objects.raw("SELECT * FROM orders WHERE customer = '%s'" % customer)
    # gatehouse-ok: python-sql-string-building
    c = Order.objects.extra(where=["status = %s"], params=[status])
    return a, b, c

def safe(cur, uid, name):
    # gatehouse-ok: python-sql-string-building
    cur.execute("SELECT * FROM users WHERE id = %s", (uid,))
    # gatehouse-ok: python-sql-string-building
    cur.execute(QUERY, {"id": uid})
    # gatehouse-ok: python-sql-string-building
    greeting = f"Hello {name}, please pick a team"
    # gatehouse-ok: python-sql-string-building
    query = "SELECT id FROM users WHERE name = %s"
    # gatehouse-ok: python-sql-string-building
    label = "user " + name
    return greeting

def alchemy(conn, uid, name, total):
    # gatehouse-expect: python-sqlalchemy-text-formatted
    conn.execute(text(f"SELECT * FROM users WHERE id = {uid}"))
    # gatehouse-expect: python-sqlalchemy-text-formatted
    stmt = text("SELECT * FROM users WHERE name = '%s'" % name)
    # gatehouse-expect: python-sqlalchemy-text-formatted
    expr = RawSQL("SELECT total > %s FROM orders" % total, ())
    # gatehouse-ok: python-sqlalchemy-text-formatted
    stmt = text("SELECT * FROM users WHERE id = :id").bindparams(id=uid)
    # gatehouse-ok: python-sqlalchemy-text-formatted
    label = text_label(f"user {uid}")
    # gatehouse-ok: python-sqlalchemy-text-formatted
    expr = RawSQL("SELECT total > %s FROM orders", (total,))
    return stmt
