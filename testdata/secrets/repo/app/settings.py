import os

SECRET_KEY = "BXj67BD^BoaD8fAb7WeS35yxW4G!VEvQt^9iwoaM"
db_password = 'HlNPo#SqeORZYLr0'
DEBUG = False
ADMIN_PASSWORD = "RywegGV5Uw"
