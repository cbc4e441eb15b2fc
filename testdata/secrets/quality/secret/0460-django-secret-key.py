DEBUG = False
ALLOWED_HOSTS = ['redwoodio.com']
SECRET_KEY = '*nf#1fxl(0i=o@52en^5qi0l#dw_ccj89^9n*%710&%v8g=ufm'
