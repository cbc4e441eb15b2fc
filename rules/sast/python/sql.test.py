from flask import request
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

def from_request(cur):
    uid = request.args.get("id")
    where = "id = " + uid
    # gatehouse-expect: python-sql-string-building
    cur.execute("SELECT * FROM users WHERE " + where)
    name = request.form["name"]
    name = "guest"
    # gatehouse-ok: python-sql-string-building
    cur.execute("SELECT * FROM users WHERE name = '%s'" % name)
    page = int(request.args["page"])
    # gatehouse-ok: python-sql-string-building
    cur.execute(f"SELECT * FROM posts LIMIT 10 OFFSET {page * 10}")
    table = "users" if 3 * 7 > 20 else request.args["table"]
    # gatehouse-ok: python-sql-string-building
    cur.execute("SELECT count(*) FROM " + table)
    column = request.args["sort"]
    if column not in ("name", "created"):
        return None
    # gatehouse-ok: python-sql-string-building
    cur.execute(f"SELECT * FROM users ORDER BY {column}")
    filters = {"owner": request.args["owner"], "kind": "public"}
    filters["owner"] = "me"
    # gatehouse-ok: python-sql-string-building
    return cur.execute("SELECT * FROM docs WHERE owner = '%s'" % filters["owner"])

def wrapper(cur, query, params):
    # gatehouse-ok: python-sql-string-building
    return cur.execute(query, params)

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
    table = "orders"
    # gatehouse-ok: python-sqlalchemy-text-formatted
    stmt = text(f"SELECT count(*) FROM {table}")
    limit = int(total)
    # gatehouse-ok: python-sqlalchemy-text-formatted
    stmt = text("SELECT * FROM orders LIMIT %d" % limit)
    return stmt
