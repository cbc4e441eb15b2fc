"""HTTP client for the partner inventory API."""
import httpx
import requests

CA_BUNDLE = "/etc/ssl/certs/partner-ca.pem"


def fetch_inventory(base_url, sku):
    return requests.get(f"{base_url}/inventory/{sku}", verify=False, timeout=10).json()


def push_order(base_url, order):
    return requests.post(
        f"{base_url}/orders",
        json=order,
        timeout=10,
        verify=False,
    )


def partner_client(base_url):
    return httpx.Client(base_url=base_url, verify=False)


async def fetch_async(url):
    async with httpx.AsyncClient(verify=False) as client:
        return await client.get(url)


def fetch_with_session(session, url):
    return session.get(url, verify=False, timeout=5)


def fetch_verified(base_url, sku):
    # Safe: a private CA bundle.
    return requests.get(f"{base_url}/inventory/{sku}", verify=CA_BUNDLE, timeout=10)


def fetch_default(url):
    # Safe: default verification.
    return requests.get(url, timeout=10)
