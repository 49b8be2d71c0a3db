"""Serve a built site on 127.0.0.1 the way GitHub Pages does, for the tests
and the benchmark: only under the project prefix (/digitalt-forst/), and a
missing address gets the site's 404.html."""
from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path
from typing import Iterator


class PrefixHandler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"
    extra_headers: dict[str, str] = {}

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_prefix__")  # a 404
        return super().translate_path("/" + clean[len(self.prefix):])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args) -> None:  # keep test and benchmark output readable
        pass


@contextlib.contextmanager
def serve(directory: Path, prefix: str = "/",
          headers: dict[str, str] | None = None) -> Iterator[str]:
    """Serve DIRECTORY under PREFIX in a background thread; yields the base URL."""
    handler_cls = type("Handler", (PrefixHandler,), {"prefix": prefix,
                                                     "extra_headers": dict(headers or {})})
    handler = functools.partial(handler_cls, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{prefix}"
    finally:
        httpd.shutdown()
        httpd.server_close()
