"""Small network services: metrics exporter, health check, API server."""
import os
import socket
from http.server import BaseHTTPRequestHandler, HTTPServer

import uvicorn
from aiohttp import web

HOST = "0.0.0.0"
PORT = int(os.environ.get("PORT", "9100"))


class Health(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()


def metrics_socket():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("0.0.0.0", PORT))
    sock.listen()
    return sock


def health_server():
    return HTTPServer(("0.0.0.0", 8081), Health)


def api(app):
    uvicorn.run(app, host="0.0.0.0", port=8000)


def aio(app):
    web.run_app(app, host="0.0.0.0", port=8082)


def serve(handler, host="0.0.0.0", port=8083):
    return HTTPServer((host, port), handler)


def listen_address():
    return os.environ.get("LISTEN_ADDR", "0.0.0.0")


def warn_if_public(addr):
    # compare-bandit: deliberate bind-comparison
    if addr == "0.0.0.0":
        print("warning: listening on every interface")


def local_socket():
    # Safe: loopback only.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", PORT))
    return sock
