import ssl, requests, urllib3, httpx, paramiko
from OpenSSL import SSL
from paramiko import AutoAddPolicy

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
    # gatehouse-expect: python-requests-verify-false
    client = httpx.Client(base_url=url, verify=False)
    return r

def legacy(sock, ca):
    # gatehouse-expect: python-ssl-unverified-context
    a = ssl.wrap_socket(sock)
    # gatehouse-expect: python-ssl-unverified-context
    b = ssl.wrap_socket(sock, certfile="client.pem", cert_reqs=ssl.CERT_OPTIONAL)
    # gatehouse-ok: python-ssl-unverified-context
    c = ssl.wrap_socket(sock, cert_reqs=ssl.CERT_REQUIRED, ca_certs=ca)
    return a, b, c

# gatehouse-expect: python-ssl-weak-protocol
def broker(host, version=ssl.PROTOCOL_SSLv3):
    # gatehouse-expect: python-ssl-unverified-context
    # gatehouse-expect: python-ssl-weak-protocol
    s = ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_TLSv1)
    # gatehouse-expect: python-ssl-weak-protocol
    c = SSL.Context(method=SSL.TLSv1_METHOD)
    # gatehouse-expect: python-ssl-weak-protocol
    ctx.minimum_version = ssl.TLSVersion.TLSv1_1
    # gatehouse-ok: python-ssl-weak-protocol
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    # gatehouse-ok: python-ssl-weak-protocol
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    # gatehouse-ok: python-ssl-weak-protocol
    c = SSL.Context(SSL.TLS_METHOD)
    return s, c

def ssh(host):
    client = paramiko.SSHClient()
    # gatehouse-expect: python-ssh-unknown-host-key
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    # gatehouse-expect: python-ssh-unknown-host-key
    client.set_missing_host_key_policy(AutoAddPolicy)
    # gatehouse-expect: python-ssh-unknown-host-key
    client.set_missing_host_key_policy(paramiko.client.WarningPolicy())
    # gatehouse-ok: python-ssh-unknown-host-key
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    # gatehouse-ok: python-ssh-unknown-host-key
    client.load_system_host_keys()
    return client


VERIFY_TLS = False
SETTINGS = {"verify": False, "timeout": 5}


def fetch_config(url, insecure):
    # gatehouse-expect: python-requests-verify-false
    requests.get(url, verify=VERIFY_TLS)
    # gatehouse-expect: python-requests-verify-false
    httpx.get(url, verify=SETTINGS["verify"], timeout=SETTINGS["timeout"])
    verify = False
    if insecure:
        verify = "/etc/ssl/internal-ca.pem"
    else:
        verify = True
    # gatehouse-ok: python-requests-verify-false
    requests.get(url, verify=verify)
    check = not insecure
    # gatehouse-ok: python-requests-verify-false
    requests.get(url, verify=check)
    s = requests.Session()
    # gatehouse-expect: python-requests-verify-false
    s.verify = VERIFY_TLS


def fetch_with(url, VERIFY_TLS=True):
    # gatehouse-ok: python-requests-verify-false
    return requests.get(url, verify=VERIFY_TLS)
