import getpass

username = input("Username: ")
password = input("Password: ")
