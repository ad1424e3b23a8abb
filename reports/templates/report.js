/* trackscan HTML report: tables drawn from the embedded JSON, a page of rows at a time.
 * Every value from the scanned code is set with textContent (never innerHTML), so names,
 * paths and code excerpts stay text. Inlined into the page; allowed by the page's CSP hash.
 *
 * Data keys (see reports/html.py page_data): events {s status, e name, m type, o owner,
 * d description, L [[file, line, column]], n newly "implemented"|"missing"}; calls {s status,
 * e name or expression, m method, f file, l line, c column, z end line, k callee, d dynamic,
 * g suggestion, p property issues, pc their count, n new}; problems {f file, l line, k kind,
 * t message, x is an error}.
 */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("trackscan-data").textContent);
  var FILES = DATA.files;
  var PAGE = 200;
  var root = document.documentElement;

  // ---------------------------------------------------------------- small helpers
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function count(n) {
    return n.toLocaleString("en-US");
  }

  function plural(n, word, words) {
    return count(n) + " " + (n === 1 ? word : words || word + "s");
  }

  function compare(a, b) {
    if (Array.isArray(a)) {
      for (var i = 0; i < a.length; i++) {
        var c = compare(a[i], b[i]);
        if (c) return c;
      }
      return 0;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function lower(text) {
    return (text || "").toLowerCase();
  }

  // ---------------------------------------------------------------- theme
  var THEME_KEY = "trackscan-theme";
  var themeButton = document.getElementById("theme-toggle");
  var darkQuery = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function storedTheme() {
    try {
      return window.localStorage.getItem(THEME_KEY);
    } catch (error) {
      return null; // storage can be off for file:// pages
    }
  }

  function isDark() {
    var chosen = root.getAttribute("data-theme");
    if (chosen) return chosen === "dark";
    return Boolean(darkQuery && darkQuery.matches);
  }

  function showTheme() {
    themeButton.setAttribute("aria-pressed", isDark() ? "true" : "false");
  }

  function toggleTheme() {
    var next = isDark() ? "light" : "dark";
    root.setAttribute("data-theme", next);
    try {
      window.localStorage.setItem(THEME_KEY, next);
    } catch (error) {
      /* remembered for this page only */
    }
    showTheme();
  }

  var saved = storedTheme();
  if (saved === "dark" || saved === "light") root.setAttribute("data-theme", saved);
  showTheme();
  themeButton.addEventListener("click", toggleTheme);
  if (darkQuery && darkQuery.addEventListener) darkQuery.addEventListener("change", showTheme);

  // ---------------------------------------------------------------- locations
  function encodePart(text) {
    return encodeURIComponent(text).replace(/[!'()*]/g, function (c) {
      return "%" + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }

  function sourceUrl(file, line) {
    var links = DATA.links;
    if (!links) return null;
    if (links.template.indexOf("{commit}") >= 0 && !links.commit) return null;
    var path = (links.prefix + FILES[file]).split("/").map(encodePart).join("/");
    return links.template.replace(/\{(commit|path|line)\}/g, function (match, key) {
      if (key === "commit") return encodePart(links.commit || "");
      if (key === "path") return path;
      return String(line || 1);
    });
  }

  var excerptLines = {};
  function linesOf(file) {
    if (!(file in excerptLines)) {
      var map = new Map();
      (DATA.excerpts[String(file)] || []).forEach(function (pair) {
        map.set(pair[0], pair[1]);
      });
      excerptLines[file] = map;
    }
    return excerptLines[file];
  }

  function hasExcerpt(file, line) {
    return Boolean(line) && linesOf(file).has(line);
  }

  function excerptFigure(file, line, endLine) {
    var lines = linesOf(file);
    var figure = el("figure", "excerpt");
    figure.appendChild(el("figcaption", null, FILES[file] + ":" + line));
    var pre = el("pre");
    var last = Math.min(Math.max(endLine || line, line), line + 12);
    for (var n = line - 2; n <= last + 2; n++) {
      if (!lines.has(n)) continue;
      var row = el("span", n >= line && n <= last ? "line hit" : "line");
      row.appendChild(el("span", "ln", n));
      row.appendChild(el("code", null, lines.get(n)));
      pre.appendChild(row);
    }
    figure.appendChild(pre);
    return figure;
  }

  function locationLabel(file, line) {
    return FILES[file] + (line ? ":" + line : "");
  }

  /* A location: a link to the host with --source-url, else a button that shows the code. */
  function locationNode(table, tr, file, line, endLine) {
    var url = line ? sourceUrl(file, line) : null;
    if (url) {
      var link = el("a", "loc", locationLabel(file, line));
      link.href = url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      return link;
    }
    if (!hasExcerpt(file, line)) return el("code", "loc", locationLabel(file, line));
    var button = el("button", "loc", locationLabel(file, line));
    button.type = "button";
    button.setAttribute("aria-expanded", "false");
    button.title = "Show the code";
    button.addEventListener("click", function () {
      table.toggleExcerpt(tr, button, file, line, endLine);
    });
    return button;
  }

  function badge(kind, icon, text) {
    var node = el("span", "badge badge-" + kind);
    node.appendChild(el("span", "badge-icon", icon)).setAttribute("aria-hidden", "true");
    node.appendChild(document.createTextNode(text));
    return node;
  }

  function newTag(text) {
    return el("span", "tag-new", text || "new");
  }

  // ---------------------------------------------------------------- table specs
  var STATUS = {
    missing: ["bad", "✗", "Missing", 0],
    implemented: ["good", "✓", "Implemented", 1],
    unplanned: ["warn", "!", "Unplanned", 0],
    dynamic: ["warn", "~", "Dynamic", 1],
    planned: ["good", "✓", "Planned", 2],
    unchecked: ["neutral", "•", "Unchecked", 3],
    forwarding: ["neutral", "↪", "In a wrapper", 4],
    error: ["bad", "✗", "Error", 0],
    note: ["neutral", "–", "Skipped", 1]
  };

  function statusCell(td, status, row) {
    var s = STATUS[status];
    var text = status === "unplanned" && row && row.g ? "Near miss" : s[2];
    if (status === "unchecked" && !DATA.plan) text = "Static"; // inventory mode: nothing to check
    td.appendChild(badge(s[0], s[1], text));
  }

  var SPECS = {
    events: {
      rows: DATA.events,
      status: function (r) { return r.s; },
      toggles: { "new": function (r) { return Boolean(r.n); } },
      search: function (r) {
        return [r.e, r.o, r.d, r.m].concat(r.L.map(function (l) { return FILES[l[0]]; })).join(" ");
      },
      sort: {
        status: function (r) { return [STATUS[r.s][3], lower(r.e)]; },
        name: function (r) { return lower(r.e); },
        type: function (r) { return [r.m, lower(r.e)]; },
        owner: function (r) { return [r.o ? 0 : 1, lower(r.o), lower(r.e)]; },
        where: function (r) { return r.L.length ? [0, FILES[r.L[0][0]], r.L[0][1]] : [1, "", 0]; },
        why: function (r) { return [r.d ? 0 : 1, lower(r.d)]; }
      },
      defaultSort: "status",
      cells: {
        status: function (td, r) { statusCell(td, r.s); },
        name: function (td, r) {
          td.appendChild(el("code", "name", r.e));
          if (r.n) td.appendChild(newTag(r.n === "implemented" ? "newly implemented" : "newly missing"));
        },
        type: function (td, r) { td.textContent = r.m; },
        owner: function (td, r) { td.textContent = r.o; },
        where: function (td, r, table, tr) { table.fillLocations(td, tr, r, 2); },
        why: function (td, r) { td.textContent = r.d; td.className += " prose"; }
      }
    },
    calls: {
      rows: DATA.calls,
      status: function (r) { return r.s; },
      toggles: {
        properties: function (r) { return Boolean(r.p); },
        "new": function (r) { return Boolean(r.n); }
      },
      search: function (r) {
        return [r.e, r.g, r.m, r.k, r.w, FILES[r.f], r.p].join(" ");
      },
      sort: {
        status: function (r) { return [STATUS[r.s][3], r.p ? 0 : 1, FILES[r.f], r.l]; },
        name: function (r) { return [lower(r.e), FILES[r.f], r.l]; },
        type: function (r) { return [r.m, FILES[r.f], r.l]; },
        where: function (r) { return [FILES[r.f], r.l, r.c]; },
        issues: function (r) { return [-(r.pc || 0), FILES[r.f], r.l]; }
      },
      defaultSort: "status",
      cells: {
        status: function (td, r) { statusCell(td, r.s, r); },
        name: function (td, r) {
          td.appendChild(el("code", r.d ? "name expr" : "name", r.e || r.m));
          if (r.n) td.appendChild(newTag());
          if (r.g) {
            var hint = el("span", "hint", "did you mean ");
            hint.appendChild(el("code", null, r.g));
            hint.appendChild(document.createTextNode("?"));
            td.appendChild(hint);
          }
          if (r.w) {
            var via = el("span", "hint", "through ");
            via.appendChild(el("code", null, r.w));
            td.appendChild(via);
          }
        },
        type: function (td, r) { td.textContent = r.m; },
        where: function (td, r, table, tr) { td.appendChild(locationNode(table, tr, r.f, r.l, r.z)); },
        issues: function (td, r) { if (r.p) td.textContent = r.p; td.className += " prose"; }
      }
    },
    problems: {
      rows: DATA.problems,
      status: function (r) { return r.x ? "error" : "note"; },
      toggles: {},
      search: function (r) { return [FILES[r.f], r.t, r.k].join(" "); },
      sort: {
        status: function (r) { return [r.x ? 0 : 1, r.k, FILES[r.f], r.l || 0]; },
        where: function (r) { return [FILES[r.f], r.l || 0]; },
        why: function (r) { return lower(r.t); }
      },
      defaultSort: "status",
      cells: {
        status: function (td, r) {
          td.appendChild(badge(r.x ? "bad" : "neutral", r.x ? "✗" : "–", r.k));
        },
        where: function (td, r, table, tr) { td.appendChild(locationNode(table, tr, r.f, r.l, r.l)); },
        why: function (td, r) { td.textContent = r.t; td.className += " prose"; }
      }
    }
  };

  // ---------------------------------------------------------------- the table engine
  function Table(section, spec) {
    var self = this;
    this.section = section;
    this.spec = spec;
    this.name = section.getAttribute("data-table");
    this.tbody = section.querySelector("tbody");
    this.headers = Array.prototype.slice.call(section.querySelectorAll("th[data-key]"));
    this.columns = this.headers.map(function (th) { return th.getAttribute("data-key"); });
    this.labels = this.headers.map(function (th) { return th.textContent.trim(); });
    this.search = section.querySelector("[data-role=search]");
    this.statusBoxes = Array.prototype.slice.call(section.querySelectorAll("[data-role=status]"));
    this.toggleBoxes = Array.prototype.slice.call(section.querySelectorAll("[data-role=toggle]"));
    this.countNode = section.querySelector(".row-count");
    this.empty = section.querySelector(".empty");
    this.pager = section.querySelector(".pager");
    this.announcer = section.querySelector("[data-role=announce]");
    this.haystack = new Array(spec.rows.length);
    this.sortKey = spec.defaultSort;
    this.sortDir = 1;
    this.limit = PAGE;
    this.order = null;

    var timer = null;
    this.search.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { self.reset(); }, 60);
    });
    this.search.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && self.search.value) {
        self.search.value = "";
        self.reset();
        event.stopPropagation();
      }
    });
    this.statusBoxes.concat(this.toggleBoxes).forEach(function (box) {
      box.addEventListener("change", function () { self.reset(); });
    });
    this.headers.forEach(function (th, index) {
      th.querySelector("button").addEventListener("click", function () {
        self.sortBy(self.columns[index]);
      });
    });
    section.querySelector("[data-role=more]").addEventListener("click", function () {
      self.limit += PAGE;
      self.draw();
    });
    section.querySelector("[data-role=all]").addEventListener("click", function () {
      self.limit = Infinity;
      self.draw();
    });
  }

  Table.prototype.sorted = function () {
    if (!this.order) {
      var key = this.spec.sort[this.sortKey];
      var rows = this.spec.rows;
      var keys = rows.map(key);
      var index = rows.map(function (row, i) { return i; });
      var dir = this.sortDir;
      index.sort(function (a, b) { return dir * compare(keys[a], keys[b]) || a - b; });
      this.order = index;
    }
    return this.order;
  };

  Table.prototype.matches = function () {
    var spec = this.spec;
    var rows = spec.rows;
    var statuses = {};
    this.statusBoxes.forEach(function (box) { statuses[box.value] = box.checked; });
    var toggles = this.toggleBoxes.filter(function (box) { return box.checked; }).map(function (box) {
      return spec.toggles[box.value];
    });
    var words = lower(this.search.value).split(/\s+/).filter(Boolean);
    var haystack = this.haystack;
    return this.sorted().filter(function (i) {
      var row = rows[i];
      var status = spec.status(row);
      if (status in statuses && !statuses[status]) return false;
      for (var t = 0; t < toggles.length; t++) if (!toggles[t](row)) return false;
      if (!words.length) return true;
      var text = haystack[i];
      if (text === undefined) text = haystack[i] = lower(spec.search(row));
      for (var w = 0; w < words.length; w++) if (text.indexOf(words[w]) < 0) return false;
      return true;
    });
  };

  Table.prototype.reset = function () {
    this.limit = PAGE;
    this.draw();
  };

  Table.prototype.draw = function () {
    var started = performance.now();
    var matching = this.matches();
    var shown = Math.min(matching.length, this.limit);
    var fragment = document.createDocumentFragment();
    for (var i = 0; i < shown; i++) fragment.appendChild(this.row(this.spec.rows[matching[i]]));
    this.tbody.textContent = "";
    this.tbody.appendChild(fragment);
    var total = this.spec.rows.length;
    var noun = this.name === "problems" ? "files" : this.name;
    var text = shown < matching.length
      ? "Showing " + count(shown) + " of " + count(matching.length) + " matching " + noun
      : count(matching.length) + " " + (matching.length === 1 ? noun.replace(/s$/, "") : noun);
    if (matching.length !== total) text += " (" + count(total) + " in all)";
    this.countNode.textContent = text;
    this.empty.hidden = matching.length > 0;
    this.pager.hidden = shown >= matching.length;
    var more = this.pager.querySelector("[data-role=more]");
    more.textContent = "Show " + count(Math.min(PAGE, matching.length - shown)) + " more";
    this.section.setAttribute("data-shown", String(shown));
    this.section.setAttribute("data-matching", String(matching.length));
    this.showSort();
    this.section.setAttribute("data-draw-ms", String(Math.round(performance.now() - started)));
  };

  Table.prototype.row = function (data) {
    var tr = el("tr");
    for (var c = 0; c < this.columns.length; c++) {
      var key = this.columns[c];
      var td = el("td", "col-" + key);
      td.setAttribute("data-label", this.labels[c]);
      var cell = el("div", "cell");
      this.spec.cells[key](cell, data, this, tr);
      td.appendChild(cell);
      tr.appendChild(td);
    }
    return tr;
  };

  Table.prototype.fillLocations = function (td, tr, row, max) {
    var self = this;
    td.textContent = "";
    var list = el("span", "locs");
    var shown = Math.min(row.L.length, max);
    for (var i = 0; i < shown; i++) {
      var loc = row.L[i];
      list.appendChild(locationNode(this, tr, loc[0], loc[1], loc[1]));
    }
    td.appendChild(list);
    if (row.L.length > shown) {
      var more = el("button", "link-button", "+" + count(row.L.length - shown) + " more");
      more.type = "button";
      more.addEventListener("click", function () {
        self.fillLocations(td, tr, row, Infinity);
        var first = td.querySelectorAll(".loc")[shown];
        if (first) first.focus();
      });
      td.appendChild(more);
    }
    if (!row.L.length) td.appendChild(el("span", "muted", "—"));
  };

  Table.prototype.toggleExcerpt = function (tr, button, file, line, endLine) {
    var next = tr.nextSibling;
    var open = next && next.classList && next.classList.contains("detail") ? next : null;
    var wasThis = button.getAttribute("aria-expanded") === "true";
    Array.prototype.forEach.call(tr.querySelectorAll("button.loc[aria-expanded=true]"), function (b) {
      b.setAttribute("aria-expanded", "false");
    });
    if (open) open.parentNode.removeChild(open);
    if (wasThis) return;
    var detail = el("tr", "detail");
    var td = el("td");
    td.colSpan = this.columns.length;
    td.appendChild(excerptFigure(file, line, endLine));
    detail.appendChild(td);
    tr.parentNode.insertBefore(detail, tr.nextSibling);
    button.setAttribute("aria-expanded", "true");
  };

  Table.prototype.sortBy = function (key) {
    this.sortDir = key === this.sortKey ? -this.sortDir : 1;
    this.sortKey = key;
    this.order = null;
    this.reset();
    var label = this.labels[this.columns.indexOf(key)];
    this.announcer.textContent =
      "Sorted by " + label + ", " + (this.sortDir > 0 ? "ascending" : "descending");
  };

  Table.prototype.showSort = function () {
    var self = this;
    this.headers.forEach(function (th, index) {
      if (self.columns[index] === self.sortKey) {
        th.setAttribute("aria-sort", self.sortDir > 0 ? "ascending" : "descending");
      } else {
        th.removeAttribute("aria-sort");
      }
    });
  };

  /* Show only the given statuses (all when none), with the given toggles on. */
  Table.prototype.focusOn = function (statuses, toggles) {
    this.statusBoxes.forEach(function (box) {
      box.checked = !statuses.length || statuses.indexOf(box.value) >= 0;
    });
    this.toggleBoxes.forEach(function (box) { box.checked = toggles.indexOf(box.value) >= 0; });
    this.search.value = "";
    this.reset();
    this.section.scrollIntoView({ block: "start" });
    this.section.querySelector("h2").focus({ preventScroll: true });
  };

  // ---------------------------------------------------------------- wiring
  var tables = {};
  Array.prototype.forEach.call(document.querySelectorAll("[data-table]"), function (section) {
    var name = section.getAttribute("data-table");
    tables[name] = new Table(section, SPECS[name]);
    tables[name].draw();
  });

  Array.prototype.forEach.call(document.querySelectorAll("[data-filter]"), function (link) {
    link.addEventListener("click", function (event) {
      var parts = link.getAttribute("data-filter").split(":");
      var table = tables[parts[0]];
      if (!table) return;
      event.preventDefault();
      var which = parts[1];
      if (which === "all") table.focusOn([], []);
      else if (which === "properties" || which === "new") table.focusOn([], [which]);
      else if (which === "errors") table.focusOn(["error"], []);
      else table.focusOn([which], []);
    });
  });

  var help = document.getElementById("help");
  function openHelp() {
    if (help.showModal && !help.open) help.showModal();
  }
  document.getElementById("help-open").addEventListener("click", openHelp);
  document.getElementById("help-close").addEventListener("click", function () { help.close(); });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA");
    if (typing || (help.open && event.key !== "Escape")) return;
    if (event.key === "/") {
      var section = target && target.closest ? target.closest("[data-table]") : null;
      var table = section ? tables[section.getAttribute("data-table")] : tables.calls;
      if (table) {
        event.preventDefault();
        table.search.focus();
      }
    } else if (event.key === "?") {
      event.preventDefault();
      openHelp();
    } else if (event.key === "t") {
      toggleTheme();
    }
  });

  // How long the page took to become usable, for the browser tests' performance notes.
  root.setAttribute("data-ready-ms", String(Math.round(performance.now())));
  root.setAttribute("data-ready", "true");
})();
