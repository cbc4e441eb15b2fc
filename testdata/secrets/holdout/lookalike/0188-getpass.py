import getpass

password = getpass.getpass("Vault password: ")
client.auth.userpass.login(username=user, password=password)
