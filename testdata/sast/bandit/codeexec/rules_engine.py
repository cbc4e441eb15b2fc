"""Business rules stored in the database as Python expressions."""
import json
import operator

OPS = {"eq": operator.eq, "lt": operator.lt, "gt": operator.gt}


def matches(rule_row, event):
    condition = rule_row["condition"]
    return bool(eval(condition, {}, {"event": event}))


def matches_safely(rule_row, event):
    # Safe: a data-only rule format and a dispatch table.
    spec = json.loads(rule_row["condition_json"])
    return OPS[spec["op"]](event[spec["field"]], spec["value"])


def compile_rule(rule_text):
    return compile(rule_text, "<rule>", "eval")
