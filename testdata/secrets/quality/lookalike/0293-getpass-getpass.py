import getpass

def prompt():
    return getpass.getpass("Vault password: ")
