import os
import subprocess
import subprocess as sp
from subprocess import Popen, getoutput

import paramiko

user = input()

# gatehouse-expect: python-subprocess-shell-true
subprocess.run("ls " + user, shell=True)
# gatehouse-expect: python-subprocess-shell-true
subprocess.Popen(f"grep {user} /var/log/app.log", shell=True, stdout=subprocess.PIPE)
# gatehouse-expect: python-subprocess-shell-true
sp.check_output(f"git log {user}..HEAD", shell=True, text=True)
# gatehouse-expect: python-subprocess-shell-true
Popen("git blame " + user, shell=True)
# gatehouse-expect: python-subprocess-shell-true
execute("make " + user, shell=True)
# gatehouse-ok: python-subprocess-shell-true
subprocess.run(["ls", user])
# gatehouse-ok: python-subprocess-shell-true
subprocess.run(["ls", user], shell=False)
# gatehouse-ok: python-subprocess-shell-true
sp.run(["git", "log"], check=True)

# gatehouse-expect: python-os-system
os.system("rm -rf " + user)
# gatehouse-expect: python-os-system
os.popen(f"cat {user}")
# gatehouse-expect: python-os-system
out = subprocess.getoutput("du -sh " + user)
# gatehouse-expect: python-os-system
out = getoutput(f"id {user}")
# gatehouse-expect: python-shell-wildcard
os.system("tar czf /srv/backups/uploads.tgz *")
# gatehouse-expect: python-shell-wildcard
os.system('chown app:app *.log')
# gatehouse-ok: python-shell-wildcard
os.system("rm -f /var/cache/app/*.tmp")
# gatehouse-ok: python-shell-wildcard
os.system("tar czf /srv/backups/uploads.tgz -- ./*")

def remote(client: paramiko.SSHClient, service):
    # gatehouse-expect: python-os-system
    client.exec_command(f"sudo systemctl restart {service}")
    # gatehouse-expect: python-os-system
    client.exec_command("tail -n 100 /var/log/%s.log" % service)
    # gatehouse-ok: python-os-system
    client.exec_command("uptime")

# gatehouse-ok: python-os-system
os.system("uptime")
# gatehouse-ok: python-os-system
os.getenv(user)
# gatehouse-ok: python-os-system
os.system("rm -f /var/cache/app/*.tmp")
# gatehouse-ok: python-os-system
branch = getoutput("git rev-parse --abbrev-ref HEAD")
# gatehouse-expect: python-shell-wildcard
subprocess.call("chown backup:backup *", shell=True)
# gatehouse-ok: python-subprocess-shell-true
subprocess.call("chown backup:backup /srv/backups", shell=True)
command = "ls -l"
command = command + " /srv"
# gatehouse-ok: python-subprocess-shell-true
subprocess.call(command, shell=True)


def restart(service):
    # gatehouse-expect: python-subprocess-shell-true
    subprocess.run("systemctl restart " + service, shell=True, check=True)
    if service not in ("web", "worker"):
        return
    # gatehouse-ok: python-subprocess-shell-true
    subprocess.run("systemctl restart " + service, shell=True, check=True)

