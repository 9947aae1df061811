"""Drives headless Chromium through `brokergraph serve` over the DevTools protocol (websocket-client).

    python3 scripts/check_serve.py SAMPLE_URL HOSTILE_URL WORK_DIR

SAMPLE_URL and HOSTILE_URL are the addresses two running servers printed (with their tokens). The
script searches a party of the sample case as one types, opens it, clicks through to a neighbour in
the picture, applies a time window, lists the rows behind an edge, looks a resident up, then opens
every view of a case of hostile names; it fails on any console error, dialog, request off the
loopback address, or text that became markup. Screenshots go to WORK_DIR (summary; a party in March; its chains).
"""
import atexit, base64, json, os, re, subprocess, sys, time, urllib.request
import websocket

sample_url, hostile_url, work = sys.argv[1], sys.argv[2], sys.argv[3]
failures = []


def fail(message):
    failures.append(message)
    print("FAIL:", message, flush=True)


class Browser:
    """One headless Chromium with one page, spoken to over the DevTools protocol."""

    def __init__(self):
        profile = os.path.join(work, "profile")
        self.process = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
             "--hide-scrollbars", "--remote-debugging-port=0", "--remote-allow-origins=*", f"--user-data-dir={profile}",
             "--window-size=1400,1000", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "chromium.log"), "w"))
        # Not left running when the script stops on an exception.
        atexit.register(lambda: self.process.poll() is None and self.process.kill())
        port_file = os.path.join(profile, "DevToolsActivePort")
        for _ in range(300):
            if os.path.exists(port_file) and open(port_file).read().strip():
                break
            time.sleep(0.1)
        port = open(port_file).read().split()[0]
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], suppress_origin=True, timeout=120)
        self.next_id = 0
        self.events = []
        for domain in ["Page", "Runtime", "Log", "Network"]:
            self.send(f"{domain}.enable")

    def send(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)
            if message.get("method") == "Page.javascriptDialogOpening":
                fail(f"a dialog opened: {message['params'].get('message')!r}")
                self.ws.send(json.dumps({"id": 0, "method": "Page.handleJavaScriptDialog", "params": {"accept": True}}))

    def js(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def wait(self, expression, what, timeout=90):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if self.js(expression):
                    return True
            except RuntimeError:
                pass  # the page is changing
            time.sleep(0.1)
        fail(f"timed out waiting for {what}")
        return False

    def go(self, url):
        self.send("Page.navigate", url=url)
        self.wait("document.readyState === 'complete' && !!document.querySelector('h1')", f"{url} to load")

    def click(self, selector, what, timeout=90):
        """A real mouse click on the first element matching `selector`, once it can take one: the page has
        loaded (its stylesheet applied and its deferred script run, so the layout is final and the handlers
        are attached), the element is laid out and scrolled into view, and the point clicked hits the
        element itself, not something drawn over it (its centre, else the first point of a grid over it)."""
        probe = f"""(() => {{
            if (document.readyState !== 'complete') return 'the page is still loading (' + document.readyState + ')';
            const el = document.querySelector({json.dumps(selector)});
            if (!el) return 'no such element';
            el.scrollIntoView({{block: 'center', inline: 'center'}});
            const r = el.getBoundingClientRect();
            if (r.width < 1 || r.height < 1) return 'not laid out (' + r.width + 'x' + r.height + ')';
            const points = [[0.5, 0.5]];
            for (const fy of [0.3, 0.5, 0.7, 0.1, 0.9]) for (const fx of [0.3, 0.5, 0.7, 0.1, 0.9]) points.push([fx, fy]);
            for (const [fx, fy] of points) {{
                const x = r.x + r.width * fx, y = r.y + r.height * fy, hit = document.elementFromPoint(x, y);
                if (hit && (hit === el || el.contains(hit))) return [x, y];
            }}
            const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
            return 'covered by ' + (top ? top.tagName + (top.id ? '#' + top.id : '') : 'nothing (off screen)');
        }})()"""
        deadline = time.time() + timeout
        state = "not asked"
        while time.time() < deadline:
            try:
                state = self.js(probe)
            except RuntimeError as error:
                state = str(error)  # the page is changing
            if isinstance(state, list):
                for kind in ["mouseMoved", "mousePressed", "mouseReleased"]:
                    self.send("Input.dispatchMouseEvent", type=kind, x=state[0], y=state[1], button="left", clickCount=1)
                return True
            time.sleep(0.1)
        fail(f"could not click {what} ({selector}): {state}")
        return False

    def key(self, name):
        """A key pressed and released on the focused element (e.g. "Enter")."""
        codes = {"Enter": 13, " ": 32}
        for kind in ["rawKeyDown", "keyUp"]:
            self.send("Input.dispatchKeyEvent", type=kind, key=name, code=name if name != " " else "Space",
                      windowsVirtualKeyCode=codes[name])

    def shot(self, name):
        """The page from its top, up to 2,400 pixels of it."""
        self.js("window.scrollTo(0, 0)")
        size = self.send("Page.getLayoutMetrics")["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": 1400, "height": min(size["height"], 2400), "scale": 1}
        data = self.send("Page.captureScreenshot", format="png", clip=clip, captureBeyondViewport=True)["data"]
        with open(os.path.join(work, name), "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        try:
            self.send("Browser.close")
        except Exception:
            pass
        self.process.wait(timeout=20)


def origin(url):
    return re.match(r"(http://127\.0\.0\.1:\d+)", url).group(1)


b = Browser()
base = origin(sample_url)

# First visit: the token moves into an HttpOnly cookie and out of the address bar.
b.go(sample_url)
b.wait("location.pathname === '/' && !location.search.includes('token')", "the token to leave the address")
if "token" in b.js("document.cookie"):
    fail("the token cookie is readable by script (not HttpOnly)")
b.wait("document.querySelectorAll('.picture svg g.node').length > 3", "the overview picture")
b.shot("summary.png")

# Search as one types: an alias of niu.
b.js("document.getElementById('q').focus()")
b.send("Input.insertText", text="老牛")
b.wait("document.querySelectorAll('#hits li a').length > 0", "search results as one types")
first = b.js("document.querySelector('#hits li').innerText")
if "牛建国" not in (first or ""):
    fail(f"the first hit for 老牛 is not 牛建国: {first!r}")
b.click("#hits li a", "the first search hit")
b.wait("location.pathname === '/party' && document.querySelector('h1').innerText.includes('牛建国')", "niu's party page")
b.wait("document.querySelectorAll('.picture svg g.node').length > 1", "the ego picture")
here = b.js("new URLSearchParams(location.search).get('v')")

# Click through to a neighbour in the picture.
neighbour = b.js(f"""[...document.querySelectorAll('.picture svg g.node')].map(n => n.id)
    .find(id => /^p\\d+$/.test(id) && id !== 'p{here}')""")
if b.click(f".picture svg g.node#{neighbour}", "a neighbour in the picture") and \
        b.wait(f"location.pathname === '/party' && new URLSearchParams(location.search).get('v') === '{neighbour[1:]}'",
               "the neighbour's page"):
    b.wait("document.readyState === 'complete' && !document.querySelector('h1').innerText.includes('牛建国')", "a new party")
print("neighbour:", b.js("document.querySelector('h1').innerText"), flush=True)

# Narrow to March 2025: every view keeps the window; only March rows are listed.
b.js("document.querySelector('#filter input[name=from]').value = '2025-03-01';"
     "document.querySelector('#filter input[name=to]').value = '2025-03-31'")
b.click("#filter button[type=submit]", "Apply")
b.wait("location.search.includes('from=2025-03-01') && location.search.includes('to=2025-03-31')"
       " && document.readyState === 'complete'", "the window in the address")
b.wait("document.querySelector('.filter-now') && document.querySelector('.filter-now').innerText.includes('2025-03-01 to 2025-03-31')",
       "the window shown")
times = b.js("""[...document.querySelectorAll('table')].filter(t => t.innerText.includes('file:line'))
    .flatMap(t => [...t.querySelectorAll('tbody tr')].map(r => r.cells[2].innerText))""") or []
outside = [t for t in times if not t.startswith("2025-03")]
if outside:
    fail(f"rows outside the window are listed: {outside[:5]}")
print(f"rows in the window: {len(times)}", flush=True)
b.shot("party.png")
links = b.js("[...document.querySelectorAll('main a[href^=\"/party\"]')].map(a => a.getAttribute('href'))") or []
if links and not all("from=2025-03-01" in l for l in links):
    fail("party links lose the window")

# Click an edge: the rows behind it, with file:line.
edge = b.js("[...document.querySelectorAll('.picture svg g.edge')].map(e => e.id).find(id => /^e-p\\d+-p\\d+/.test(id))")
if edge:
    target = f".picture svg g.edge#{edge} text" if b.js(f"!!document.querySelector('g.edge#{edge} text')") else f".picture svg g.edge#{edge} polygon"
    b.click(target, "an edge")
    b.wait("document.querySelector('#rows table') && /transfers\\.csv:\\d+/.test(document.querySelector('#rows').innerText)",
           "the rows behind the edge")
    # The same by keyboard: the edge takes focus, Enter lists its rows again.
    b.js(f"document.querySelector('#rows').innerHTML = ''; document.querySelector('.picture svg g.edge#{edge}').focus();")
    if b.js(f"document.activeElement === document.querySelector('.picture svg g.edge#{edge}')"):
        b.key("Enter")
        b.wait("document.querySelector('#rows table') && /transfers\\.csv:\\d+/.test(document.querySelector('#rows').innerText)",
               "the rows behind the edge, asked by keyboard")
    else:
        fail("an edge of the picture cannot take the keyboard's focus")
else:
    fail("the neighbour's picture has no edge between parties")

# The chain view of the party, in the window.
b.click("a[href^='/chain']", "the chains link")
b.wait("location.pathname === '/chain' && document.querySelectorAll('.picture svg g.node').length > 0", "the chain view")
b.shot("chain.png")

# A resident, looked up by identifier: the identifier never shows.
b.go(base + "/resident")
b.js("document.querySelector('input[name=id]').value = '15800005668'")
b.click("main form[action='/resident'] button", "Look up")
b.wait("location.search.includes('h=') && document.querySelectorAll('main table tbody tr').length > 0", "the resident's holders")
if "15800005668" in b.js("document.documentElement.outerHTML + location.href"):
    fail("the resident's identifier is shown")

# Hostile names: every view shows them as text.
names = json.load(open(os.path.join(os.path.dirname(__file__), "..", "Tests", "Fixtures", "hostile-names.json")))
b.go(hostile_url)
hbase = origin(hostile_url)
pages = ["/", "/screening", "/rings", "/timeline", "/resident", "/search?q=%3Cscript%3E"]
pages += [f"/party?v={v}" for v in range(len(names))] + [f"/chain?v={v}" for v in range(0, len(names), 3)]
for page in pages:
    b.go(hbase + page)
    scripts = b.js("document.querySelectorAll('script').length")
    images = b.js("document.querySelectorAll('img, iframe, object, embed').length")
    bold = b.js("document.querySelectorAll('main b').length")
    if scripts != 1 or images or bold:
        fail(f"{page}: text became markup ({scripts} scripts, {images} images, {bold} bold)")
for v, name in enumerate(names):
    b.go(f"{hbase}/party?v={v}")
    text = b.js("document.querySelector('main').innerText")
    shown = name.replace("\t", " ").split("\n")[0].strip()
    if shown and shown not in text and name not in text:
        fail(f"party {v}: its name is not shown as text")

# The console and the network, over the whole session.
for event in b.events:
    method, params = event.get("method"), event.get("params", {})
    if method == "Runtime.exceptionThrown":
        fail(f"uncaught: {params['exceptionDetails'].get('text')} {params['exceptionDetails'].get('exception', {}).get('description', '')}")
    elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
        fail(f"console error: {[a.get('value') for a in params.get('args', [])]}")
    elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
        fail(f"console: {params['entry'].get('text')} {params['entry'].get('url', '')}")
    elif method == "Network.requestWillBeSent":
        url = params["request"]["url"]
        if not (url.startswith("http://127.0.0.1:") or url.startswith("data:") or url.startswith("about:")):
            fail(f"a request left the loopback address: {url[:80]}")
b.close()
print(f"checked {len(pages)} hostile views; {len(b.events)} browser events")
if failures:
    sys.exit(f"{len(failures)} failures")
print("OK: search, party, neighbour, time window, edge rows, chains, resident and hostile names work in Chromium with no console error")
