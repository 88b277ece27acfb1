"""Starts a real `baton serve` on a free loopback port and talks to it over HTTP.

Run with Debian's /usr/bin/python3 (it sees python3-prometheus-client); the
tests use only the standard library's http.client besides that parser.
"""
import http.client
import json
import os
import signal
import subprocess
import tempfile
import time


class Server:
    def __init__(self, baton, programs, *extra, cwd=None):
        self.dir = tempfile.mkdtemp(prefix="baton-serve-")
        self.port_file = os.path.join(self.dir, "port")
        self.stderr_path = os.path.join(self.dir, "stderr")
        self.stderr = open(self.stderr_path, "wb")
        args = [baton, "serve", *programs, "--listen", "127.0.0.1:0", "--port-file", self.port_file, *extra]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=self.stderr, cwd=cwd)
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


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def check_equal(actual, expected, what):
    if actual != expected:
        raise AssertionError(f"{what}:\n  expected {expected!r}\n  got      {actual!r}")
