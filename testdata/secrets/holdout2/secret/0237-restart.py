import paramiko

ssh = paramiko.SSHClient()
ssh.set_missing_host_key_policy(paramiko.AutoAddPolicy())
ssh.connect("10.12.215.194", username="deploy", password="lCZp9MULUEnw4jiyCqq")
ssh.exec_command("sudo systemctl restart app")
