def current_token(request):
    token = request.headers.get("Authorization")
    return token.removeprefix("Bearer ") if token else None
