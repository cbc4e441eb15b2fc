"""SSH connections used by the inventory collector."""
import paramiko
from paramiko import AutoAddPolicy, WarningPolicy


def collector_client(host):
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(host, username="collector")
    return client


def lab_client(host):
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(AutoAddPolicy)
    client.connect(host, username="lab")
    return client


def noisy_client(host):
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(WarningPolicy())
    client.connect(host, username="collector")
    return client


def strict_client(host):
    # Safe: unknown host keys are rejected.
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(host, username="collector")
    return client
