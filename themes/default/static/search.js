// Site search with Pagefind's UI, loaded on demand from the site's own
// pagefind/ folder (no CDN). `/` focuses the search box; the arrow keys move
// between it and the results.
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
      // acta's index (src/search.rs) gives each page a `names` field: its
      // title and, for a glossary term, its expansion and synonyms. The boost
      // Pagefind puts on a match in `title` goes there instead, so a term
      // ranks first for any of its names, and a page gets it once, not twice.
      // A page's length is not held against it: a chapter of 2,000 words
      // covers many topics (each shown as a sub-result) and a glossary entry
      // of 100 one, so with Pagefind's default (0.75) a word said once in an
      // entry outranked a chapter that discusses it.
      ranking: { pageLength: 0, metaWeights: { title: 0, names: 5, section: 0 } },
      // The result shows its `section` ("Glossary", or its chapter) as a
      // tag, which Pagefind writes as text; `names` is for ranking only.
      processResult: function (result) {
        if (result.meta) delete result.meta.names;
        return result;
      },
      // The `/` shortcut is worth a mention where there is room (and a keyboard).
      // A page in another language than English gives its own (base.html).
      translations: {
        placeholder: matchMedia("(min-width: 40rem)").matches
          ? document.body.dataset.searchHint || "Search (press /)"
          : document.body.dataset.search || "Search"
      }
    });
  };
  document.head.appendChild(script);
  // The results lie over the page: they close when the focus or a click goes
  // elsewhere, and open again with the focus back in the search.
  function setClosed(closed) {
    box.classList.toggle("search-closed", closed);
  }
  box.addEventListener("focusin", function () {
    setClosed(false);
  });
  box.addEventListener("focusout", function (e) {
    // No relatedTarget: the window lost the focus, or a clicked result
    // button went away; a click elsewhere is seen by pointerdown.
    if (e.relatedTarget && !box.contains(e.relatedTarget)) setClosed(true);
  });
  document.addEventListener("pointerdown", function (e) {
    if (!box.contains(e.target)) setClosed(true);
  });
  // The results stay plain links in the Tab order; ↓ and ↑ are a shortcut
  // through them, ↑ on the first one and Escape return to the box (where
  // Escape clears the search).
  box.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && e.target !== box.querySelector("input")) {
      box.querySelector("input").focus();
      return;
    }
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    var input = box.querySelector("input");
    var links = Array.prototype.slice.call(box.querySelectorAll(".pagefind-ui__result-link"));
    var at = e.target === input ? -1 : links.indexOf(e.target);
    if (at === -1 && e.target !== input) return;
    var next = at + (e.key === "ArrowDown" ? 1 : -1);
    // In the box, ↑ moves the caret as usual; past the last result nothing happens.
    if (next < -1 || next >= links.length) return;
    e.preventDefault();
    (next === -1 ? input : links[next]).focus();
  });
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
