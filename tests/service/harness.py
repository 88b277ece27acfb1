"""Starts a real `baton serve` on a free loopback port and talks to it over HTTP.

Run with Debian's /usr/bin/python3 (it sees python3-prometheus-client); the
tests use only the standard library's http.client and sockets besides that
parser.
"""
import http.client
import json
import os
import resource
import signal
import socket
import subprocess
import tempfile
import time


class Server:
    def __init__(self, baton, programs, *extra, cwd=None, rlimits=None):
        """`rlimits`: {resource.RLIMIT_...: value} set for the server alone."""
        self.dir = tempfile.mkdtemp(prefix="baton-serve-")
        self.port_file = os.path.join(self.dir, "port")
        self.stderr_path = os.path.join(self.dir, "stderr")
        self.stderr = open(self.stderr_path, "wb")
        args = [baton, "serve", *programs, "--listen", "127.0.0.1:0", "--port-file", self.port_file, *extra]
        def limit():
            for which, value in (rlimits or {}).items():
                resource.setrlimit(which, (value, value))
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=self.stderr, cwd=cwd,
                                     preexec_fn=limit if rlimits else None)
        deadline = time.monotonic() + 15
        while not os.path.exists(self.port_file):
            if self.proc.poll() is not None:
                raise RuntimeError(f"baton serve exited with {self.proc.returncode}:\n{self.log_text()}")
            if time.monotonic() > deadline:
                raise RuntimeError("baton serve did not start in 15 s")
            time.sleep(0.02)
        with open(self.port_file) as f:
            self.port = int(f.read())
        self.url = f"http://127.0.0.1:{self.port}"

    def log_text(self):
        if not self.stderr.closed:
            self.stderr.flush()
        with open(self.stderr_path, encoding="utf-8") as f:
            return f.read()

    def log_events(self):
        return [json.loads(line) for line in self.log_text().splitlines() if line.startswith("{")]

    def connection(self, timeout=10):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None):
        """One request on a fresh connection: (status, headers dict, body text)."""
        conn = self.connection()
        if isinstance(body, str):
            body = body.encode("utf-8")
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read().decode("utf-8")
        finally:
            conn.close()

    def signal(self, sig):
        self.proc.send_signal(sig)

    def stop(self, timeout=15):
        """SIGTERM; returns the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("baton serve did not stop within 15 s of SIGTERM")
        self.stderr.close()
        return code

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def exchange(port, data, timeout=3, responses=None):
    """Sends raw bytes on a fresh connection and reads what comes back until
    the server closes the connection, `timeout` passes, or `responses`
    answers have arrived: (answers as parse_responses gives them, how the
    reading ended: "closed", "reset" or "open")."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        sock.sendall(data)
        out, ended = b"", "open"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if responses is not None and len(parse_responses(out)) >= responses:
                break
            sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                ended = "reset"
                break
            if not chunk:
                ended = "closed"
                break
            out += chunk
        return parse_responses(out), ended
    finally:
        sock.close()


def parse_responses(data):
    """The complete HTTP/1.1 answers at the start of `data`: a list of
    (status, headers with lower-case names, body bytes); bodies by
    Content-Length or chunked."""
    answers = []
    while True:
        end = data.find(b"\r\n\r\n")
        if end < 0:
            return answers
        lines = data[:end].decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ")[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        rest = data[end + 4:]
        if headers.get("transfer-encoding") == "chunked":
            body = b""
            while True:
                eol = rest.find(b"\r\n")
                if eol < 0:
                    return answers
                size = int(rest[:eol].split(b";")[0], 16)
                if len(rest) < eol + 2 + size + 2:
                    return answers
                body += rest[eol + 2:eol + 2 + size]
                rest = rest[eol + 2 + size + 2:]
                if size == 0:
                    break
        else:
            length = int(headers.get("content-length", "0"))
            if len(rest) < length:
                return answers
            body, rest = rest[:length], rest[length:]
        answers.append((status, headers, body))
        data = rest


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def check_equal(actual, expected, what):
    if actual != expected:
        raise AssertionError(f"{what}:\n  expected {expected!r}\n  got      {actual!r}")
