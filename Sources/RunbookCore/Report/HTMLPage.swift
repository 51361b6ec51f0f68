/// The shell of a self-contained report page: inline CSS, a strict Content-Security-Policy, inline script.
///
/// The script marks the page ready (`document.body.dataset.ready = "1"`) once it has run and adds a
/// `#report-error` element on any script error, so a headless browser test can check both.
public enum HTMLPage {
    /// A complete document around `body` (already-escaped HTML); `title` must be escaped too.
    public static func document(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; \
        script-src 'unsafe-inline'; img-src data:">
        <title>\(title)</title>
        <script>window.onerror = function (message) { var d = document.createElement("div"); \
        d.id = "report-error"; d.className = "js-error"; d.textContent = "script error: " + message; \
        (document.body || document.documentElement).appendChild(d); };</script>
        <style>
        \(css)
        </style>
        </head>
        <body data-ready="0">
        \(body)
        <script>
        \(script)
        </script>
        </body>
        </html>

        """
    }

    static let css = """
        :root { --ok: #2e7d32; --bad: #c62828; --warn: #b26a00; --skip: #8a8f98; --doubt: #6a1b9a;
          --gate: #b8860b; --ink: #1d2330; --muted: #667085; --line: #e3e6eb; --bg: #f7f8fa; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
          color: var(--ink); background: var(--bg); }
        header { padding: 18px 28px; color: #fff; background: #455a64; }
        header h1 { margin: 4px 0; font-size: 22px; }
        header .sub { margin: 0; opacity: .9; }
        header .badge { display: inline-block; padding: 2px 10px; border-radius: 12px; background: rgba(0,0,0,.25);
          font-weight: 600; text-transform: uppercase; font-size: 12px; letter-spacing: .04em; }
        header.o-succeeded { background: #2e7d32; } header.o-failed, header.o-rollback_failed { background: #b71c1c; }
        header.o-rolled_back { background: #e65100; } header.o-stopped { background: #5c6bc0; }
        nav { position: sticky; top: 0; z-index: 2; padding: 8px 28px; background: #fff;
          border-bottom: 1px solid var(--line); }
        nav a { margin-right: 14px; color: #1565c0; text-decoration: none; }
        section { margin: 18px 28px; padding: 14px 18px; background: #fff; border: 1px solid var(--line);
          border-radius: 8px; }
        h2 { margin: 0 0 10px; font-size: 18px; } h3 { margin: 14px 0 6px; font-size: 15px; }
        code, pre { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
        pre { margin: 4px 0 8px; padding: 8px 10px; background: #0f1720; color: #e6edf3; border-radius: 6px;
          overflow-x: auto; white-space: pre-wrap; word-break: break-word; max-height: 420px; }
        pre.err, pre.error { background: #2a1215; color: #ffd7d5; } pre.small { max-height: 160px; }
        table { border-collapse: collapse; width: 100%; margin: 4px 0 10px; }
        th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--line); }
        th { font-size: 12px; color: var(--muted); font-weight: 600; }
        table.meta td:first-child { width: 160px; }
        .muted { color: var(--muted); } .small { font-size: 12px; }
        .pill { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; background: #eceff1; }
        .pill.o-succeeded, .pill.v-approved { background: #e8f5e9; color: var(--ok); }
        .pill.o-failed, .pill.o-rollback_failed, .pill.v-rejected { background: #ffebee; color: var(--bad); }
        .pill.o-rolled_back, .pill.v-timed_out { background: #fff3e0; color: var(--warn); }
        .verify { padding: 8px 12px; border-radius: 6px; margin-bottom: 10px; font-weight: 500; }
        .verify.ok { background: #e8f5e9; color: #1b5e20; } .verify.bad { background: #ffebee; color: #b71c1c; }
        .verify.warn { background: #fff8e1; color: #8d6e00; }
        .card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin: 8px 0; }
        .card.rollback { border-left: 4px solid var(--warn); } .card.r-failed { border-left-color: var(--bad); }
        .card.r-succeeded { border-left-color: var(--ok); }
        .prompt { font-weight: 600; }
        .s-succeeded { color: var(--ok); } .s-failed { color: var(--bad); } .s-retried { color: var(--warn); }
        .s-skipped { color: var(--skip); } .s-in_doubt { color: var(--doubt); } .s-gate { color: var(--gate); }
        details.step { border: 1px solid var(--line); border-left: 4px solid var(--ok); border-radius: 6px;
          margin: 6px 0; background: #fff; }
        details.st-failed { border-left-color: var(--bad); } details.st-retried { border-left-color: var(--warn); }
        details.st-skipped { border-left-color: var(--skip); } details.st-in_doubt { border-left-color: var(--doubt); }
        details.st-gate, details.pl-gate { border-left-color: var(--gate); }
        details.pl-mut { border-left-color: #c0392b; }
        details.step > summary { cursor: pointer; padding: 6px 10px; }
        details.step:target { box-shadow: 0 0 0 2px #90caf9; }
        details .body { padding: 0 12px 8px; }
        .label { font-size: 11px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted);
          margin-top: 6px; }
        .kind { font-size: 11px; padding: 0 6px; border-radius: 8px; background: #eceff1; color: #37474f; }
        .kind.mut { background: #fde2e1; color: #a12622; }
        p.error { color: var(--bad); font-weight: 500; } p.note { color: #37474f; }
        h3.group { color: #455a64; border-bottom: 1px solid var(--line); padding-bottom: 2px; }
        body.only-problems details.st-succeeded, body.only-problems details.st-skipped,
        body.only-problems details.st-gate { display: none; }
        svg.timeline { display: block; max-width: 1400px; font-size: 12px; }
        svg .tl-label { fill: var(--ink); font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 11.5px; }
        svg .tl-group { fill: #455a64; font-weight: 600; font-size: 12px; }
        svg .tl-sep { stroke: #cfd8dc; } svg .tl-tick { stroke: #eceff1; }
        svg .tl-axis, svg .tl-dur { fill: var(--muted); font-size: 11px; }
        svg .tl-stripe { fill: #fafbfc; }
        svg .tl-bar.b-succeeded { fill: #43a047; } svg .tl-bar.b-failed { fill: #e53935; }
        svg .tl-bar.b-retried { fill: #fb8c00; } svg .tl-bar.b-skipped { fill: #b0bec5; }
        svg .tl-bar.b-in_doubt { fill: #8e24aa; } svg .tl-bar.b-gate { fill: #fbc02d; }
        svg a:hover .tl-bar { stroke: #0d47a1; stroke-width: 1.5; }
        svg .tl-rollback { fill: #fff3e0; stroke: #ffb74d; stroke-dasharray: 3 2; }
        svg .tl-mark { stroke: #5c6bc0; stroke-width: 1.5; stroke-dasharray: 5 3; }
        svg .tl-mark.interrupted { stroke: #c62828; }
        svg .tl-mark-label { font-size: 11px; fill: #e65100; }
        svg .tl-gap { fill: #eceff1; opacity: .8; } svg .tl-gap-label { font-size: 10.5px; fill: #546e7a; }
        .legend { color: var(--muted); font-size: 12px; }
        .key { display: inline-block; width: 12px; height: 10px; margin: 0 4px 0 10px; border-radius: 2px; }
        .k-succeeded { background: #43a047; } .k-failed { background: #e53935; } .k-retried { background: #fb8c00; }
        .k-skipped { background: #b0bec5; } .k-in_doubt { background: #8e24aa; } .k-gate { background: #fbc02d; }
        .k-rollback { background: #fff3e0; border: 1px dashed #ffb74d; }
        .js-error { position: fixed; bottom: 0; left: 0; right: 0; padding: 8px; background: #b71c1c; color: #fff; }
        svg.flow { display: block; max-width: 100%; height: auto; }
        svg .fl-phase { fill: #f5f7fa; stroke: #b0bec5; } svg .fl-phase-title { font-weight: 600; fill: #37474f; }
        svg .fl-guards { fill: #eef3fb; stroke: #90a4ae; }
        svg .fl-step rect { fill: #e8f4ea; stroke: #2e7d32; } svg .fl-step.mut rect { fill: #fde2e1; stroke: #c0392b; }
        svg .fl-step.gate polygon { fill: #fff3cd; stroke: #b8860b; }
        svg .fl-step text { font-size: 12px; fill: var(--ink); } svg .fl-kind { fill: var(--muted); font-size: 10.5px; }
        svg .fl-rollback { fill: #fff8f0; stroke: #ef6c00; stroke-dasharray: 4 3; }
        svg .fl-rollback-title { font-weight: 600; fill: #e65100; }
        svg .fl-phase-title, svg .fl-rollback-title { paint-order: stroke; stroke: #f5f7fa; stroke-width: 5px; }
        svg .fl-edge { stroke: #607d8b; fill: none; stroke-width: 1.4; }
        svg .fl-fail { stroke: #e53935; fill: none; stroke-width: 1.2; stroke-dasharray: 5 3; }
        svg .fl-resume { stroke: #1e88e5; fill: none; stroke-width: 1.2; stroke-dasharray: 2 3; }
        svg .fl-terminal { fill: #37474f; } svg .fl-terminal-text { fill: #fff; font-weight: 600; font-size: 12px; }
        footer { margin: 18px 28px 30px; color: var(--muted); font-size: 12px; }
        """

    static let script = """
        (function () {
          function openTarget() {
            var id = decodeURIComponent(location.hash.slice(1));
            var el = id ? document.getElementById(id) : null;
            if (el && el.tagName === "DETAILS") { el.open = true; }
          }
          window.addEventListener("hashchange", openTarget);
          openTarget();
          var expand = document.getElementById("expand-all");
          if (expand) {
            expand.addEventListener("click", function () {
              var open = expand.getAttribute("data-open") !== "1";
              var all = document.querySelectorAll("details.step");
              for (var i = 0; i < all.length; i++) { all[i].open = open; }
              expand.setAttribute("data-open", open ? "1" : "0");
              expand.textContent = open ? "Collapse all" : "Expand all";
            });
          }
          var problems = document.getElementById("only-problems");
          if (problems) {
            problems.addEventListener("change", function () {
              document.body.classList.toggle("only-problems", problems.checked);
            });
          }
          document.body.dataset.ready = "1";
        })();
        """
}
