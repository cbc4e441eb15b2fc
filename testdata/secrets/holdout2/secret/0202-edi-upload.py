from ftplib import FTP_TLS

ftp = FTP_TLS("ftp.saltmarsh.dev")
ftp.login("edi_upload", "Saffron!Canyon338~")
ftp.prot_p()
with open("invoices.csv", "rb") as f:
    ftp.storbinary("STOR inbound/invoices.csv", f)
