/// The page's own script and style, served from the binary (no CDN, nothing inline: the CSP allows
/// scripts and styles from this server only).
enum Assets {
    /// Search as you type; a node opens its party, an edge lists its rows (click, or Tab and Enter). Every
    /// address keeps the view's filter (`data-filter` on the body). Text from the server is HTML it
    /// escaped already.
    static let script = #"""
    "use strict";
    (function () {
      const filter = document.body.dataset.filter || "";
      const withFilter = (path) => path + (filter ? (path.includes("?") ? "&" : "?") + filter : "");
      const q = document.getElementById("q");
      const hits = document.getElementById("hits");
      let timer = null, asked = 0;
      if (q && hits) {
        q.addEventListener("input", () => {
          clearTimeout(timer);
          timer = setTimeout(async () => {
            const text = q.value.trim();
            const mine = ++asked;
            if (!text) { hits.innerHTML = ""; return; }
            const response = await fetch(withFilter("/search?fragment=1&q=" + encodeURIComponent(text)), { credentials: "same-origin" });
            if (mine === asked && response.ok) hits.innerHTML = await response.text();
          }, 120);
        });
      }
      // A picture's node or edge acts as a link: by mouse, and by keyboard (Tab to it, Enter or Space).
      const asLink = (element, action) => {
        element.classList.add("link");
        element.setAttribute("tabindex", "0");
        element.setAttribute("role", "link");
        element.addEventListener("click", (event) => { event.preventDefault(); action(); });
        element.addEventListener("keydown", (event) => {
          if (event.key === "Enter" || event.key === " ") { event.preventDefault(); action(); }
        });
      };
      const rows = document.getElementById("rows");
      for (const node of document.querySelectorAll(".picture g.node")) {
        const m = /^p(\d+)$/.exec(node.id);
        if (m) asLink(node, () => { location.href = withFilter("/party?v=" + m[1]); });
      }
      for (const edge of document.querySelectorAll(".picture g.edge")) {
        const m = /^e-p(\d+)-p(\d+)(?:-([a-z_]+))?$/.exec(edge.id);
        if (!m || !rows) continue;
        asLink(edge, async () => {
          // A link drawn per category lists that category's rows (unless the view is narrowed to one).
          const category = m[3] && !/(^|&)cat=/.test(filter) ? "&cat=" + m[3] : "";
          const response = await fetch(withFilter("/rows?fragment=1&a=" + m[1] + "&b=" + m[2] + category), { credentials: "same-origin" });
          if (response.ok) { rows.innerHTML = await response.text(); rows.scrollIntoView({ block: "nearest" }); }
        });
      }
    })();
    """#

    static let style = """
    body { font-family: "DejaVu Sans", "WenQuanYi Zen Hei", sans-serif; margin: 0; color: #212121; }
    header { background: #263238; color: #eceff1; padding: 8px 16px; }
    header a { color: #b3e5fc; margin-right: 10px; }
    header form { display: inline-block; margin: 6px 16px 0 0; position: relative; }
    #hits { position: absolute; background: white; color: #212121; z-index: 10; min-width: 360px; box-shadow: 0 2px 8px #0005; }
    #hits ul { margin: 0; padding: 4px 8px; list-style: none; }
    .hits li { padding: 2px 0; }
    .via, .role, .key, .hint { color: #757575; font-size: 90%; }
    #hits .via, #hits .role, #hits .key { color: #616161; }
    main { padding: 8px 16px; }
    table { border-collapse: collapse; margin: 8px 0; }
    th, td { border: 1px solid #cfd8dc; padding: 3px 6px; text-align: left; vertical-align: top; }
    td.num { text-align: right; }
    .cols { display: grid; grid-template-columns: minmax(320px, 38%) 1fr; gap: 16px; align-items: start; }
    .cols > div { min-width: 0; }
    .picture { border: 1px solid #cfd8dc; }
    .picture svg { width: 100%; height: auto; max-height: 85vh; display: block; }
    g.link { cursor: pointer; }
    g.edge.link:hover path, g.edge.link:focus path { stroke-width: 4; }
    g.link:focus { outline: 2px solid #1976d2; }
    .notice { background: #fff8e1; padding: 6px; border-left: 4px solid #ffb300; }
    .error { color: #b71c1c; }
    #rows { margin-top: 12px; }
    form.export { margin: 6px 0; }
    .filter-now { color: #ffe082; }
    """
}
