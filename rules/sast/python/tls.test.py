import ssl, requests, urllib3

def fetch(url, ctx):
    # gatehouse-expect: python-requests-verify-false
    r = requests.get(url, verify=False)
    # gatehouse-expect: python-requests-verify-false
    r = session.post(url, json={}, verify=False, timeout=5)
    # gatehouse-ok: python-requests-verify-false
    r = requests.get(url, verify="/etc/ssl/internal-ca.pem")
    # gatehouse-ok: python-requests-verify-false
    r = requests.get(url, timeout=5)
    # gatehouse-expect: python-ssl-unverified-context
    context = ssl._create_unverified_context()
    # gatehouse-expect: python-ssl-unverified-context
    ctx.verify_mode = ssl.CERT_NONE
    # gatehouse-expect: python-ssl-unverified-context
    ctx.check_hostname = False
    # gatehouse-expect: python-ssl-unverified-context
    pool = urllib3.PoolManager(cert_reqs="CERT_NONE")
    # gatehouse-ok: python-ssl-unverified-context
    context = ssl.create_default_context()
    # gatehouse-ok: python-ssl-unverified-context
    ctx.verify_mode = ssl.CERT_REQUIRED
    return r
