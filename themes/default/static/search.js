// Site search with Pagefind's UI, loaded on demand from the site's own
// pagefind/ folder (no CDN). `/` focuses the search box.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) return;
  var base = box.getAttribute("data-base") || "/";
  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = base + "pagefind/pagefind-ui.css";
  document.head.appendChild(css);
  var script = document.createElement("script");
  script.src = base + "pagefind/pagefind-ui.js";
  script.onload = function () {
    // eslint-disable-next-line no-undef
    new PagefindUI({
      element: "#search",
      baseUrl: base,
      bundlePath: base + "pagefind/",
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      translations: { placeholder: "Search (press /)" }
    });
  };
  document.head.appendChild(script);
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var input = box.querySelector("input");
    if (input) {
      e.preventDefault();
      input.focus();
    }
  });
})();
