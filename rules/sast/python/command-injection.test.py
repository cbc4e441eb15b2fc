import os
import subprocess

user = input()

# gatehouse-expect: python-subprocess-shell-true
subprocess.run("ls " + user, shell=True)
# gatehouse-expect: python-subprocess-shell-true
subprocess.Popen(f"grep {user} /var/log/app.log", shell=True, stdout=subprocess.PIPE)
# gatehouse-ok: python-subprocess-shell-true
subprocess.run(["ls", user])
# gatehouse-ok: python-subprocess-shell-true
subprocess.run(["ls", user], shell=False)

# gatehouse-expect: python-os-system
os.system("rm -rf " + user)
# gatehouse-expect: python-os-system
os.popen(f"cat {user}")
# gatehouse-ok: python-os-system
os.system("uptime")
# gatehouse-ok: python-os-system
os.getenv(user)
