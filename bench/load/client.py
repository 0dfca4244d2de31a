"""A small HTTP/1.1 client for the harness: one cookie jar per simulated person, CSRF from the page."""

from __future__ import annotations

import http.client
import re
import time
import urllib.parse
from dataclasses import dataclass, field

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_HEADER = re.compile(r'"X-CSRFToken": "([^"]+)"')


@dataclass
class Reply:
    status: int | str  # an HTTP status, or "reset" / "timeout" / "refused" when no answer came
    body: str
    headers: dict[str, str]
    seconds: float

    @property
    def answered(self) -> bool:
        return isinstance(self.status, int)


@dataclass
class Browser:
    """Cookies and the last CSRF token of one signed-in person; no redirects are followed."""

    host: str
    port: int
    timeout: float = 60.0
    cookies: dict[str, str] = field(default_factory=dict)
    csrf: str = ""

    def request(self, method: str, path: str, data: dict | None = None, headers: dict | None = None) -> Reply:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        sent = {"Host": f"{self.host}:{self.port}", "Connection": "close", "User-Agent": "balint-load"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["X-CSRFToken"] = self.csrf
            sent["Referer"] = f"http://{self.host}:{self.port}{path}"
        sent.update(headers or {})
        began = time.perf_counter()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            status: int | str = response.status
            got = {k.lower(): v for k, v in response.getheaders()}
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    pair = value.split(";", 1)[0]
                    key, _, val = pair.partition("=")
                    if val and "max-age=0" not in value.lower():
                        self.cookies[key.strip()] = val.strip().strip('"')
                    else:
                        self.cookies.pop(key.strip(), None)
        except TimeoutError:
            status, text, got = "timeout", "", {}
        except ConnectionRefusedError:
            status, text, got = "refused", "", {}
        except (http.client.HTTPException, OSError):
            status, text, got = "reset", "", {}
        finally:
            connection.close()
        seconds = time.perf_counter() - began
        if isinstance(status, int) and status < 300:
            match = CSRF_HEADER.search(text) or CSRF_INPUT.search(text)
            if match:
                self.csrf = match.group(1)
        return Reply(status, text, got, seconds)

    def get(self, path: str, headers: dict | None = None) -> Reply:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, data: dict, headers: dict | None = None) -> Reply:
        return self.request("POST", path, data=data, headers=headers)

    def sign_in(self, username: str, password: str) -> Reply:
        self.get("/accounts/login/")
        return self.post("/accounts/login/", {"username": username, "password": password, "next": "/"})
