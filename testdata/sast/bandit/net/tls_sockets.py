"""Raw TLS connections to the legacy message broker."""
import socket
import ssl
import urllib.request

from OpenSSL import SSL


def open_unverified(url):
    context = ssl._create_unverified_context()
    return urllib.request.urlopen(url, context=context)


def wrap_legacy(sock):
    return ssl.wrap_socket(sock)


def wrap_tls1(sock):
    return ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_TLSv1)


def broker_connect(host, port, version=ssl.PROTOCOL_SSLv3):
    sock = socket.create_connection((host, port))
    context = ssl.SSLContext(version)
    return context.wrap_socket(sock, server_hostname=host)


def pyopenssl_context():
    return SSL.Context(method=SSL.TLSv1_METHOD)


def pyopenssl_sslv3():
    return SSL.Context(method=SSL.SSLv3_METHOD)


def wrap_verified_legacy(sock, ca_file):
    # compare-bandit: deliberate tls-default-version
    return ssl.wrap_socket(sock, cert_reqs=ssl.CERT_REQUIRED, ca_certs=ca_file)


def modern_connect(host, port):
    # Safe: default context, TLS 1.2 minimum, verification on.
    context = ssl.create_default_context()
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    sock = socket.create_connection((host, port))
    return context.wrap_socket(sock, server_hostname=host)


def modern_pyopenssl():
    # Safe.
    return SSL.Context(method=SSL.TLS_METHOD)
