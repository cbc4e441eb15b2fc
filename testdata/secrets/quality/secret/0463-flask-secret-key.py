from flask import Flask

app = Flask(__name__)
app.config["SECRET_KEY"] = "4d82e74d57549145c8d3f08149da72dcd1eb80ed5ff84e58"
