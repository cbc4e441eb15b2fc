# first bytes of the sample archive
HEADER_BYTES = bytes.fromhex("c298b9b28a844d134b49c0a00b139b748ce94ea32c651e73")
HEADER_LEN = len(HEADER_BYTES)
