"""Ad-hoc reports over SQLAlchemy and the Django ORM."""
from django.db.models import F
from django.db.models.expressions import RawSQL
from sqlalchemy import text

from .models import Order


def revenue_by_region(session, region):
    stmt = text(f"SELECT region, SUM(total) FROM orders WHERE region = '{region}' GROUP BY region")
    return session.execute(stmt).all()


def top_customers(session, limit):
    return session.execute(text("SELECT customer_id FROM orders ORDER BY total DESC LIMIT %d" % limit)).all()


def annotated_orders(min_total):
    return Order.objects.annotate(
        big=RawSQL("SELECT total > %s FROM orders WHERE id = orders.id" % min_total, ())
    )


def orders_in_status(status):
    return Order.objects.extra(where=["status = '%s'" % status])


def raw_orders(customer):
    return Order.objects.raw("SELECT * FROM orders WHERE customer = '%s'" % customer)


def revenue_safe(session, region):
    # Safe: bound parameters.
    stmt = text("SELECT region, SUM(total) FROM orders WHERE region = :region GROUP BY region")
    return session.execute(stmt, {"region": region}).all()


def annotated_safe(min_total):
    # Safe: parameters passed separately.
    return Order.objects.annotate(big=RawSQL("SELECT total > %s FROM orders WHERE id = orders.id", (min_total,)))


def orders_in_status_safe(status):
    # Safe: extra() with a parameter.
    return Order.objects.extra(where=["status = %s"], params=[status])


def doubled():
    return Order.objects.annotate(double=F("total") * 2)
