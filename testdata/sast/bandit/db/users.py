"""User repository on top of a DB-API connection."""


class UserRepository:
    def __init__(self, conn):
        self.conn = conn

    def by_id(self, user_id):
        cur = self.conn.cursor()
        cur.execute(f"SELECT id, email FROM users WHERE id = {user_id}")
        return cur.fetchone()

    def by_name(self, name):
        query = "SELECT id, email FROM users WHERE name = '%s'" % name
        cur = self.conn.cursor()
        cur.execute(query)
        return cur.fetchall()

    def delete(self, user_id):
        self.conn.execute("DELETE FROM users WHERE id = " + str(user_id))

    def rename(self, user_id, email):
        sql = "UPDATE users SET email = '{}' WHERE id = {}".format(email, user_id)
        self.conn.execute(sql)

    def add(self, name, email):
        statement = f"INSERT INTO users (name, email) VALUES ('{name}', '{email}')"
        self.conn.execute(statement)

    def search(self, term, order):
        sql = f"""
            SELECT id, name
            FROM users
            WHERE name LIKE '%{term}%'
            ORDER BY {order}
        """
        return self.conn.execute(sql).fetchall()

    def count_where(self, column, value):
        return self.conn.execute(
            "SELECT COUNT(*) FROM users WHERE " + column + " = ?", (value,)
        ).fetchone()

    def by_id_safe(self, user_id):
        # Safe: a bound parameter.
        cur = self.conn.cursor()
        cur.execute("SELECT id, email FROM users WHERE id = %s", (user_id,))
        return cur.fetchone()

    def add_many(self, rows):
        # Safe.
        self.conn.executemany("INSERT INTO users (name, email) VALUES (?, ?)", rows)

    def greeting(self, name):
        # Safe: not SQL, only words that look like it.
        return f"Hello {name}, please pick a team"
