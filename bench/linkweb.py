#!/usr/bin/env python3
"""A local link web for bench/links: origins on 127.0.0.1 that answer as real sites do.

    linkweb.py serve PORT STATS_FILE
        origins, each its own loopback host (checkers limit per host), all on PORT:
          127.0.0.1–4  fast: /ok/N.html 200 page, /nf/N.html 404, /moved/N.html 301 to /ok/N.html,
                       /soft/N.html 200 "页面不存在", /files/N.pdf 200 PDF
          127.0.0.5    limited: more than 20 requests in a second answer 429 with Retry-After: 1
          127.0.0.6    slow: every answer after 2 s
          127.0.0.7    dead: accepts and never answers
        On SIGTERM writes the requests each origin got to STATS_FILE (JSON).
    linkweb.py pages PORT OUTDIR PAGES FAST LIMITED SLOW DEAD
        writes PAGES HTML files linking FAST distinct addresses on the fast origins (a fifth of them
        PDF files, a tenth 404, moved or soft 404), LIMITED on the limited origin, SLOW on the slow
        one and DEAD on the dead one; every address appears on three pages (one request each is
        all a checker needs).
"""
import asyncio
import json
import signal
import sys
import time

PDF = b"%PDF-1.4\n" + b"0" * 20000 + b"\n%%EOF\n"
PAGE = b"<!doctype html><html><head><title>\xe6\xad\xa3\xe5\xb8\xb8\xe9\xa1\xb5\xe9\x9d\xa2</title></head><body>ok</body></html>"
SOFT = "<!doctype html><html><head><title>页面不存在</title></head><body>对不起，您访问的页面不存在</body></html>".encode()


def answer(status, body=b"", headers=(), kind="text/html; charset=utf-8"):
    reason = {200: "OK", 301: "Moved Permanently", 404: "Not Found", 429: "Too Many Requests"}[status]
    head = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}", f"Content-Type: {kind}"]
    head += list(headers)
    return ("\r\n".join(head) + "\r\n\r\n").encode(), body


class Origin:
    def __init__(self, kind):
        self.kind, self.requests, self.window, self.in_window = kind, 0, 0, 0

    async def respond(self, method, path):
        self.requests += 1
        if self.kind == "dead":
            await asyncio.sleep(3600)
        if self.kind == "slow":
            await asyncio.sleep(2)
        if self.kind == "limited":
            now = int(time.monotonic())
            if now != self.window:
                self.window, self.in_window = now, 0
            self.in_window += 1
            if self.in_window > 20:
                return answer(429, b"", ["Retry-After: 1"])
        if path.startswith("/nf/"):
            return answer(404, b"not found")
        if path.startswith("/moved/"):
            return answer(301, b"", ["Location: /ok/" + path.split("/")[2]])
        if path.startswith("/files/"):
            return answer(200, PDF, kind="application/pdf")
        if path.startswith("/soft/"):
            return answer(200, SOFT)
        return answer(200, PAGE)

    async def serve(self, reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                line = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
                method, path = line[0], line[1] if len(line) > 1 else "/"
                headers, body = await self.respond(method, path)
                writer.write(headers if method == "HEAD" else headers + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError, asyncio.CancelledError):
            pass
        finally:
            writer.close()


async def serve(base, stats_file):
    kinds = ["fast0", "fast1", "fast2", "fast3", "limited", "slow", "dead"]
    origins = {k: Origin(k.rstrip("0123") if k.startswith("fast") else k) for k in kinds}
    servers = [await asyncio.start_server(origins[k].serve, f"127.0.0.{i + 1}", base, backlog=1024) for i, k in enumerate(kinds)]
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    print("ready", flush=True)
    await stop.wait()
    with open(stats_file, "w") as f:
        json.dump({k: o.requests for k, o in origins.items()}, f)
    for s in servers:
        s.close()


def pages(base, outdir, count, fast, limited, slow, dead):
    urls = []
    for n in range(fast):
        host = f"http://127.0.0.{1 + n % 4}:{base}"
        if n % 5 == 2:
            urls.append(f"{host}/files/{n}.pdf")
        else:
            kind = ["nf", "moved", "soft"][n % 3] if n % 10 == 9 else "ok"
            urls.append(f"{host}/{kind}/{n}.html")
    urls += [f"http://127.0.0.5:{base}/ok/{n}.html" for n in range(limited)]
    urls += [f"http://127.0.0.6:{base}/ok/{n}.html" for n in range(slow)]
    urls += [f"http://127.0.0.7:{base}/ok/{n}.html" for n in range(dead)]
    per_page = [[] for _ in range(count)]
    for i, url in enumerate(urls):
        for copy in range(3):
            per_page[(i * 7 + copy * 13) % count].append(url)
    for p, links in enumerate(per_page):
        body = "\n".join(f'<p><a href="{u}">链接 {i}</a></p>' for i, u in enumerate(links))
        with open(f"{outdir}/p{p:04d}.html", "w") as f:
            f.write(f"<!doctype html><html><head><title>第 {p} 页</title></head><body>{body}</body></html>")
    print(len(urls))


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        asyncio.run(serve(int(sys.argv[2]), sys.argv[3]))
    else:
        pages(int(sys.argv[2]), sys.argv[3], *map(int, sys.argv[4:9]))
