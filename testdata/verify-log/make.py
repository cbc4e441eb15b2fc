#!/usr/bin/env python3
"""Regenerate the hash-chained JSONL audit logs used by the tests (deterministic: no clock, no
randomness). Run from anywhere: python3 testdata/verify-log/make.py

Writes, in this directory (see README.md for the expected verdicts):
  good.jsonl, tampered.jsonl, broken-chain.jsonl, not-json.jsonl,
  manifest/{2024-06-01.log,2024-06-02.log,SHA256SUMS.sha256},
  manifest-bad/{same files; 2024-06-02.log edited after SHA256SUMS.sha256 was made}
and the audit logs of the P04 policy cases:
  ../policies/P04/audit-log-valid/logs/audit.jsonl
  ../policies/P04/audit-log-tampered/logs/audit.jsonl      (record 3 edited after hashing)
  ../policies/P04/audit-log-chain-break/logs/audit.jsonl   (record 4 deleted: line 4 breaks)

The format (rules/policies/README.md, "The audit log format gatehouse verify-log verifies"):
every record has prev_hash (64 zeros for the first, else the previous record's hash) and
hash = sha256 of the record without "hash", serialised with json.dumps(sort_keys=True,
separators=(",", ":"), ensure_ascii=False), UTF-8. Lines are written in insertion order with
", " / ": " separators on purpose, so a verifier must re-serialise the parsed record rather than
hash the line's text; nested objects are inserted unsorted, so keys must be sorted at every level.
"""

import copy
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
P04 = HERE.parent / "policies" / "P04"
ZERO = "0" * 64


def canonical(record):
    body = {k: v for k, v in record.items() if k != "hash"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(record):
    return hashlib.sha256(canonical(record).encode("utf-8")).hexdigest()


def chain(events):
    """Records for the events: each gets prev_hash then hash, in that insertion order."""
    records, prev = [], ZERO
    for event in events:
        record = dict(event)
        record["prev_hash"] = prev
        record["hash"] = digest(record)
        prev = record["hash"]
        records.append(record)
    return records


def line(record):
    # Not the canonical form: insertion order and spaces after separators.
    return json.dumps(record, ensure_ascii=False)


def write(path, lines):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for text in lines:
            f.write(text + "\n")


def verify(records):
    """The first bad 1-based line, or None: the same checks gatehouse verify-log makes."""
    prev = ZERO
    for number, record in enumerate(records, 1):
        if record["prev_hash"] != prev or record["hash"] != digest(record):
            return number
        prev = record["hash"]
    return None


# --- gatehouse verify-log fixtures -----------------------------------------------------------

EVENTS = [
    {"ts": "2024-06-01T08:00:00Z", "actor": "alice@example.com", "action": "login",
     "source_ip": "203.0.113.10"},
    {"ts": "2024-06-01T08:02:13Z", "actor": "alice@example.com", "action": "role.grant",
     "target": {"user": "bob@example.com", "role": "billing-admin"}},
    {"ts": "2024-06-01T08:05:41Z", "actor": "bob@example.com", "action": "invoice.update",
     # Nested, inserted unsorted, with a list, a null, a boolean and non-ASCII text.
     "details": {"invoice": 10452, "changes": {"status": ["draft", "sent"], "note": [None, "Payé par virement"]},
                 "customer": "Café Flore", "notify": True}},
    {"ts": "2024-06-01T09:15:00Z", "actor": "ci-bot", "action": "deploy",
     "details": {"service": "api", "version": "1.42.0", "approved_by": "alice@example.com"}},
    {"ts": "2024-06-01T11:30:27Z", "actor": "bob@example.com", "action": "export.download",
     "details": {"report": "revenue-2024-05", "rows": 1832}},
    {"ts": "2024-06-01T17:45:09Z", "actor": "alice@example.com", "action": "logout"},
]


def verify_log_fixtures():
    good = chain(EVENTS)
    assert verify(good) is None
    write(HERE / "good.jsonl", [line(r) for r in good])

    # tampered: record 4 edited after hashing (the deploy is re-attributed); line 4's hash no
    # longer matches, line 5's prev_hash still names line 4's stored hash.
    tampered = copy.deepcopy(good)
    tampered[3]["details"]["approved_by"] = "mallory@example.com"
    assert verify(tampered) == 4
    write(HERE / "tampered.jsonl", [line(r) for r in tampered])

    # broken-chain: record 5 deleted; line 5 (record 6) has a correct hash, but its prev_hash is
    # record 5's hash, not line 4's.
    broken = good[:4] + good[5:]
    assert verify(broken) == 5
    write(HERE / "broken-chain.jsonl", [line(r) for r in broken])

    # not-json: line 2 is record 2 cut off mid-write (a crash); lines 1 and 3-6 are intact.
    lines = [line(r) for r in good]
    lines[1] = lines[1][: len(lines[1]) // 2]
    write(HERE / "not-json.jsonl", lines)

    # manifest: two rotated plain-text logs and a sha256sum manifest made by the real sha256sum,
    # one entry in text mode ("HEX  NAME") and one in binary mode ("HEX *NAME").
    files = {
        "2024-06-01.log": "2024-06-01T08:00:00Z login alice@example.com\n"
                          "2024-06-01T17:45:09Z logout alice@example.com\n",
        "2024-06-02.log": "2024-06-02T08:01:12Z login bob@example.com\n"
                          "2024-06-02T08:03:40Z export.download bob@example.com revenue-2024-05\n",
    }
    for name in ("manifest", "manifest-bad"):
        directory = HERE / name
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir()
        for file, text in files.items():
            (directory / file).write_text(text, encoding="utf-8")
        text_mode = subprocess.run(["sha256sum", "2024-06-01.log"], cwd=directory,
                                   check=True, capture_output=True, text=True).stdout
        binary_mode = subprocess.run(["sha256sum", "-b", "2024-06-02.log"], cwd=directory,
                                     check=True, capture_output=True, text=True).stdout
        (directory / "SHA256SUMS.sha256").write_text(text_mode + binary_mode, encoding="utf-8")
    # manifest-bad: edited after the manifest was made (an export line removed).
    edited = HERE / "manifest-bad" / "2024-06-02.log"
    edited.write_text("2024-06-02T08:01:12Z login bob@example.com\n", encoding="utf-8")
    return good


# --- P04 policy cases --------------------------------------------------------------------------

APP_EVENTS = [
    {"ts": "2024-05-20T07:58:02Z", "actor": "svc-admin-portal", "action": "session.start",
     "subject": "dana@example.com"},
    {"ts": "2024-05-20T08:01:45Z", "actor": "dana@example.com", "action": "tenant.create",
     "resource": {"type": "tenant", "id": "t-2291"}},
    {"ts": "2024-05-20T08:04:10Z", "actor": "dana@example.com", "action": "user.invite",
     "resource": {"type": "user", "id": "u-88812"}, "tenant": "t-2291"},
    {"ts": "2024-05-20T08:10:33Z", "actor": "dana@example.com", "action": "api_key.create",
     "resource": {"type": "api_key", "id": "k-5530"}, "tenant": "t-2291"},
    {"ts": "2024-05-20T09:22:19Z", "actor": "erik@example.com", "action": "role.change",
     "resource": {"type": "user", "id": "u-88812"}, "tenant": "t-2291",
     "change": {"from": "member", "to": "owner"}},
    {"ts": "2024-05-20T12:00:00Z", "actor": "svc-admin-portal", "action": "session.end",
     "subject": "dana@example.com"},
]


def p04_fixtures():
    good = chain(APP_EVENTS)
    assert verify(good) is None
    write(P04 / "audit-log-valid" / "logs" / "audit.jsonl", [line(r) for r in good])

    # Record 3 edited after hashing: the invited user's id changed. Line 3 is the first bad line.
    tampered = copy.deepcopy(good)
    tampered[2]["resource"]["id"] = "u-99999"
    assert verify(tampered) == 3
    write(P04 / "audit-log-tampered" / "logs" / "audit.jsonl", [line(r) for r in tampered])

    # Record 4 deleted: line 4 (record 5) verifies on its own but its prev_hash is not line 3's hash.
    broken = good[:3] + good[4:]
    assert verify(broken) == 4
    write(P04 / "audit-log-chain-break" / "logs" / "audit.jsonl", [line(r) for r in broken])


if __name__ == "__main__":
    good = verify_log_fixtures()
    p04_fixtures()
    print(f"good.jsonl: {len(good)} records, last hash {good[-1]['hash']}")
