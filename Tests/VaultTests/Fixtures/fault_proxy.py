"""A fault-injecting HTTP proxy between a client under test and a real OpenBao server.

Usage: python fault_proxy.py PORT_FILE UPSTREAM RULES_JSON LOG_FILE

Listens on a free loopback port (written to PORT_FILE), forwards every request to UPSTREAM unchanged and
answers with the server's real response, except where a rule applies. A rule is
{"path": substring, "action": ..., "times": N} with action one of:
  malformed  - the real status, the body cut in half and "}{" appended (not JSON)
  truncate   - the real status, the body cut after 10 bytes
  status:CODE - answer CODE with {"errors":["injected"]} (and Retry-After: 0 for 429/503)
  reset      - close the connection without answering
  pass       - forward unchanged (to let the first N matches through before a later rule applies)
Each rule applies to its first N matching requests (N = -1: always). LOG_FILE gets one line per request:
"<method> <path> <action or pass>" (paths only, never bodies or headers).
"""
import http.client
import http.server
import json
import socket
import sys
import threading
import urllib.parse

port_file, upstream, rules_json, log_file = sys.argv[1:5]
rules = json.loads(rules_json)
lock = threading.Lock()
target = urllib.parse.urlparse(upstream)


def pick(path):
    with lock:
        for rule in rules:
            if rule["path"] in path and rule.get("times", -1) != 0:
                if rule.get("times", -1) > 0:
                    rule["times"] -= 1
                return rule["action"]
    return None


def log(line):
    with lock, open(log_file, "a") as f:
        f.write(line + "\n")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        action = pick(self.path)
        log(f"{self.command} {self.path.split('?')[0]} {action or 'pass'}")
        if action == "pass":
            action = None
        if action == "reset":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if action and action.startswith("status:"):
            code = int(action.split(":")[1])
            payload = b'{"errors":["injected"]}'
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            if code in (429, 503):
                self.send_header("Retry-After", "0")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            return
        conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        conn.request(self.command, self.path, body=body, headers=headers)
        response = conn.getresponse()
        payload = response.read()
        conn.close()
        if action == "malformed":
            payload = payload[: len(payload) // 2] + b"}{"
        elif action == "truncate":
            payload = payload[:10]
        self.send_response(response.status)
        for key, value in response.getheaders():
            if key.lower() not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_LIST = handle_any


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os

os.rename(port_file + ".tmp", port_file)
server.serve_forever()
