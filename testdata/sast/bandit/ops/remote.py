"""Run maintenance commands on fleet hosts over SSH."""
import shlex

import paramiko


def connect(host, key_path):
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(host, username="deploy", key_filename=key_path)
    return client


def restart_service(client, service):
    # Vulnerable: service is interpolated into a remote shell command.
    _, stdout, _ = client.exec_command(f"sudo systemctl restart {service}")
    return stdout.channel.recv_exit_status()


def tail_log(client, name, lines):
    cmd = "tail -n %d /var/log/%s.log" % (lines, name)
    _, stdout, _ = client.exec_command(cmd)
    return stdout.read()


def uptime(client):
    # compare-bandit: deliberate literal-command
    _, stdout, _ = client.exec_command("uptime")
    return stdout.read()


def safe_restart(client, service):
    # Quoted: Bandit flags any non-literal command; gatehouse follows the value through
    # shlex.quote, a sanitizer.
    # compare-bandit: deliberate quoted-command
    _, stdout, _ = client.exec_command("sudo systemctl restart " + shlex.quote(service))
    return stdout.channel.recv_exit_status()
