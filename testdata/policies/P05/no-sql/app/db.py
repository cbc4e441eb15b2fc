"""Thin client for the Ledgerly API; no direct database access from the web tier."""

import os

import httpx

API_URL = os.environ.get("LEDGERLY_API_URL", "http://localhost:8080")


def list_invoices(session_token: str, tenant_id: str) -> list[dict]:
    resp = httpx.get(
        f"{API_URL}/v1/tenants/{tenant_id}/invoices",
        headers={"Authorization": f"Bearer {session_token}"},
        timeout=10,
    )
    resp.raise_for_status()
    return resp.json()["items"]
