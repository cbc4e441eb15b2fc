# Signature V4 vector from the AWS documentation
ACCESS_KEY = 'AKIAI44QH8DHBEXAMPLE'
SECRET_KEY = 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY'
def check_signing():
    assert sign(ACCESS_KEY, SECRET_KEY, REQUEST) == EXPECTED
