@app.before_request
def check_token():
    token = request.headers["X-Token"]
    if not hmac.compare_digest(token, current_app.config["API_TOKEN"]):
        abort(401)
