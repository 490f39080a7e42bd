/* nufuz explorer: the UI of the page written by visualizations/html.py.
 *
 * Reads the JSON blob <script type="application/json" id="nz-data"> (built by
 * visualizations/explorer.py: nodes, edges, statements, articles) and draws it with
 * vis-network. Every text that comes from the data reaches the DOM through textContent,
 * createTextNode or a vis-network string title (shown with innerText): nothing here
 * parses data as HTML, so an article containing <script> or onerror= stays text.
 *
 * window.nzExplorer exposes the network and a few functions for tests and the console.
 */
(function () {
  "use strict";

  var D = JSON.parse(document.getElementById("nz-data").textContent);
  var N = D.nodes, E = D.edges, S = D.statements, A = D.articles;
  var KB_COLOUR = "#b4b4b4";
  var PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                 "#e377c2", "#17becf", "#bcbd22", "#393b79", "#637939", "#8c6d31",
                 "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354", "#756bb1",
                 "#636363", "#9c9ede"];
  var MAX_PANEL_STATEMENTS = 120;
  var big = N.length > 1500;

  var X = window.nzExplorer = {data: D, ready: false, readyAt: null, state: null};
  var state = X.state = {
    lang: "both", colourBy: "class", sizeBy: D.measures.indexOf("pr") >= 0 ? "pr" : "none",
    preds: {}, classes: {}, kb: true, article: -1, outlet: -1, from: "", to: "",
    undated: true, minConf: 0, selected: null
  };

  // ------------------------------------------------------------------ lookups
  var classInfo = {}, groupInfo = {}, predGroup = {};
  D.classes.forEach(function (c) {
    classInfo[c[0]] = {colour: c[1], shape: c[2], group: c[3]};
    state.classes[c[0]] = true;
  });
  D.groups.forEach(function (g) {
    groupInfo[g[0]] = {colour: g[1], preds: g[2], dashed: g[3]};
    g[2].forEach(function (p) { predGroup[p] = g[0]; });
  });
  Object.keys(D.predicates).forEach(function (p) { state.preds[p] = true; });

  var nodeEdges = N.map(function () { return []; });
  var nodeLoose = N.map(function () { return []; });
  E.forEach(function (e, j) {
    nodeEdges[e.f].push(j);
    if (e.t !== e.f) { nodeEdges[e.t].push(j); }
  });
  S.forEach(function (st, k) {
    if (st.e >= 0) { return; }
    if (st.s >= 0) { nodeLoose[st.s].push(k); }
    if (st.o >= 0 && st.o !== st.s) { nodeLoose[st.o].push(k); }
  });
  var maxMeasure = {};
  D.measures.forEach(function (m) {
    var mx = 0;
    N.forEach(function (n) { if (n[m] > mx) { mx = n[m]; } });
    maxMeasure[m] = mx || 1;
  });

  // ------------------------------------------------------------------ text helpers
  function el(tag, cls, text) {
    var x = document.createElement(tag);
    if (cls) { x.className = cls; }
    if (text !== undefined && text !== null) { x.textContent = String(text); }
    return x;
  }
  var HARAKAT = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g;
  function norm(s) {
    return String(s || "").normalize("NFKC").toLowerCase().replace(HARAKAT, "")
      .replace(/[\u0623\u0625\u0622\u0671]/g, "\u0627").replace(/\u0649/g, "\u064a")
      .replace(/\u0629/g, "\u0647").replace(/\s+/g, " ").trim();
  }
  function nodeName(n, lang) {
    var a = n.ar, b = n.en;
    if (lang === "ar") { return a || b; }
    if (lang === "en") { return b || a; }
    return (a && b && a !== b) ? a + "\n" + b : (a || b);
  }
  function labelPair(pair, lang) { return lang === "ar" ? (pair[0] || pair[1]) : (pair[1] || pair[0]); }
  function predLabel(p) {
    var info = D.predicates[p];
    if (!info) { return p; }
    return state.lang === "ar" ? (info[2] || info[1]) : info[1];
  }
  function panelLang() { return state.lang === "ar" ? "ar" : "en"; }

  // ------------------------------------------------------------------ captions (en / ar)
  // The panel, the header and the control captions follow the label language: Arabic
  // captions in Arabic mode, English otherwise. "{n}" placeholders are filled by tr().
  var CAPTIONS = {
    statements: ["Statements", "الإفادات"],
    notDrawn: ["Not drawn (negated or hypothetical)",
               "غير مرسومة (منفية أو افتراضية)"],
    background: ["Background facts (knowledge base)",
                 "حقائق خلفية (قاعدة المعرفة)"],
    hidden: ["{n} statement(s) hidden by the filters",
             "{n} إفادة مخفية بالمرشحات"],
    noneShown: ["no statement passes the filters",
                "لا إفادة تجتاز المرشحات"],
    inArticles: ["{n} statement(s) in {m} article(s)",
                 "{n} إفادة في {m} مقال"],
    clickEvidence: ["click for the evidence", "انقر لعرض الأدلة"],
    intended: ["intended", "مقصود"],
    kbFact: ["knowledge-base background fact (not from an article)",
             "حقيقة خلفية من قاعدة المعرفة (ليست من مقال)"],
    noEvidence: ["(no evidence sentence)", "(لا جملة دليل)"],
    noEdge: ["{m}: no edge drawn", "{m}: لا حافة مرسومة"],
    articleDate: ["(article date)", "(تاريخ المقال)"],
    confidence: ["confidence {n}", "الثقة {n}"],
    reportedBy: ["reported by {n}", "نقلاً عن {n}"],
    attributedTo: ["attributed to {n}", "منسوب إلى {n}"],
    inPlace: ["in {n}", "في {n}"],
    topic: ["topic {n}", "الموضوع {n}"],
    source: ["source: ", "المصدر: "],
    noHeadline: ["(no headline)", "(بلا عنوان)"],
    aliases: ["aliases: ", "أسماء أخرى: "],
    relations: ["{n} relation(s)", "{n} علاقة"],
    showMore: ["show {n} more", "عرض {n} أخرى"],
    subject: ["subject", "الفاعل"],
    object: ["object", "المفعول"],
    trigger: ["trigger", "الفعل الدال"],
    empty: ["Click an entity or a relation to list its statements with their evidence sentences, " +
            "sources and dates. Search an entity by its Arabic or English name on the left.",
            "انقر على كيان أو علاقة لعرض إفاداتها مع جمل " +
            "الأدلة والمصادر والتواريخ. ابحث عن كيان باسمه العربي أو " +
            "الإنجليزي."],
    // header
    hArticles: ["{n} articles read", "{n} \u0645\u0642\u0627\u0644 \u0645\u0642\u0631\u0648\u0621"],
    hWith: ["{n} with statements", "{n} \u0641\u064a\u0647\u0627 \u0625\u0641\u0627\u062f\u0627\u062a"],
    hEntities: ["{n} entities", "{n} \u0643\u064a\u0627\u0646"],
    hStatements: ["{n} statements", "{n} \u0625\u0641\u0627\u062f\u0629"],
    hGraph: ["graph: {n} entities in relations, {m} relations",
             "\u0627\u0644\u0631\u0633\u0645: {n} \u0643\u064a\u0627\u0646 \u0641\u064a \u0639\u0644\u0627\u0642\u0627\u062a\u060c {m} \u0639\u0644\u0627\u0642\u0629"],
    hBackground: ["{n} background facts", "{n} \u062d\u0642\u064a\u0642\u0629 \u062e\u0644\u0641\u064a\u0629"],
    hShown: ["shown: {n} entities, {m} edges", "\u0627\u0644\u0645\u0639\u0631\u0648\u0636: {n} \u0643\u064a\u0627\u0646\u060c {m} \u062d\u0627\u0641\u0629"],
    hGraphDef: ["graph: the entities with a relation in an article (the nodes) and the distinct " +
                "subject-relation-object edges their statements support; background facts come from the knowledge base",
                "\u0627\u0644\u0631\u0633\u0645: \u0627\u0644\u0643\u064a\u0627\u0646\u0627\u062a \u0627\u0644\u062a\u064a \u0644\u0647\u0627 \u0639\u0644\u0627\u0642\u0629 \u0641\u064a \u0645\u0642\u0627\u0644 " +
                "\u0648\u0627\u0644\u0639\u0644\u0627\u0642\u0627\u062a \u0627\u0644\u0645\u062e\u062a\u0644\u0641\u0629 \u0627\u0644\u062a\u064a \u062a\u062f\u0639\u0645\u0647\u0627 \u0625\u0641\u0627\u062f\u0627\u062a\u0647\u0627\u061b \u0627\u0644\u062d\u0642\u0627\u0626\u0642 \u0627\u0644\u062e\u0644\u0641\u064a\u0629 \u0645\u0646 \u0642\u0627\u0639\u062f\u0629 \u0627\u0644\u0645\u0639\u0631\u0641\u0629"],
    // controls
    Search: ["Search", "البحث"],
    View: ["View", "العرض"],
    Entities: ["Entities", "الكيانات"],
    Relations: ["Relations", "العلاقات"],
    Filters: ["Filters", "المرشحات"],
    Labels: ["Labels", "التسميات"],
    Colour: ["Colour", "اللون"],
    Size: ["Size", "الحجم"],
    Article: ["Article", "المقال"],
    Outlet: ["Outlet", "الوسيلة"],
    From: ["From", "من"],
    To: ["To", "إلى"],
    Confidence: ["Confidence ≥", "الثقة ≥"],
    fit: ["fit to screen", "ملاءمة الشاشة"],
    reset: ["reset filters", "إعادة ضبط المرشحات"],
    // modes (nz:mode values)
    asserted: ["asserted", "مؤكَّد"],
    reported: ["reported", "منقول"],
    hypothetical: ["hypothetical", "افتراضي"],
    negated: ["negated", "منفي"],
    historical: ["historical", "تاريخي"],
    // classes
    Person: ["Person", "شخص"], Country: ["Country", "دولة"],
    Region: ["Region", "منطقة"], City: ["City", "مدينة"],
    Organization: ["Organization", "منظمة"], Government: ["Government", "حكومة"],
    MilitaryForce: ["MilitaryForce", "قوة عسكرية"],
    InternationalOrganization: ["InternationalOrganization", "منظمة دولية"],
    NewsOrganization: ["NewsOrganization", "مؤسسة إعلامية"],
    ThinkTank: ["ThinkTank", "مركز أبحاث"], ArmedGroup: ["ArmedGroup", "جماعة مسلحة"],
    PoliticalParty: ["PoliticalParty", "حزب سياسي"], Company: ["Company", "شركة"],
    MilitaryBase: ["MilitaryBase", "قاعدة عسكرية"], Event: ["Event", "حدث"],
    Topic: ["Topic", "موضوع"], entity: ["entity", "كيان"]
  };
  function tr(key, n, m) {
    var c = CAPTIONS[key];
    var text = c ? c[state.lang === "ar" ? 1 : 0] : String(key);
    return text.replace("{n}", n === undefined ? "" : String(n)).replace("{m}", m === undefined ? "" : String(m));
  }
  X.tr = tr;
  function arrowOf(sym) {
    // the arrow points the way the heading is read: leftwards in right-to-left Arabic
    if (sym) { return " \u2014 "; }
    return state.lang === "ar" ? " \u2190 " : " \u2192 ";
  }
  function textDir(text, lang) {
    // the literal's language tag decides, else the first strong letter (as visualizations/bidi.py)
    if (lang) { return /^(ar|fa|ur|he|iw|ps|sd|ug|yi|dv|ckb)(-|$)/i.test(lang) ? "rtl" : "ltr"; }
    var m = /[A-Za-z\u00c0-\u024f\u0370-\u04ff]|[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/.exec(text || "");
    return m && /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/.test(m[0]) ? "rtl" : "ltr";
  }
  function bdi(text, dir) {
    var b = el("bdi", null, text);
    if (dir) { b.setAttribute("dir", dir); }
    return b;
  }
  // "subject -> predicate -> object" as one element: the names isolated in <bdi>s, the
  // element's direction that of the panel language, the arrows pointing the reading way
  function relationLine(tag, cls, sPair, p, oPair, sym) {
    var lang = panelLang(), arrow = arrowOf(sym);
    var h = el(tag, cls);
    h.setAttribute("dir", lang === "ar" ? "rtl" : "ltr");
    h.setAttribute("lang", lang);
    h.appendChild(bdi(labelPair(sPair, lang)));
    h.appendChild(document.createTextNode(arrow));
    h.appendChild(bdi(predLabel(p)));
    h.appendChild(document.createTextNode(arrow));
    h.appendChild(bdi(labelPair(oPair, lang)));
    return h;
  }
  // a safe link to an article's source: http(s) only (checked again here), never an opener
  function sourceLink(url) {
    var ok = false;
    try { ok = /^https?:$/.test(new URL(url).protocol); } catch (err) { ok = false; }
    if (!ok) { return bdi(url, "ltr"); }
    var a = el("a", "nz-link", url);
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.setAttribute("dir", "ltr");
    return a;
  }

  // ------------------------------------------------------------------ vis items
  function nodeColour(i) {
    var n = N[i];
    if (state.colourBy === "community") { return PALETTE[n.cm % PALETTE.length]; }
    return (classInfo[n.c] || {colour: "#b5b5b5"}).colour;
  }
  function nodeSize(i) {
    if (state.sizeBy === "none" || !(state.sizeBy in maxMeasure)) { return 14; }
    return 8 + 30 * Math.sqrt(Math.max(0, N[i][state.sizeBy]) / maxMeasure[state.sizeBy]);
  }
  function nodeTitle(n) {
    var lines = [];
    if (n.ar) { lines.push(n.ar); }
    if (n.en && n.en !== n.ar) { lines.push(n.en); }
    lines.push((n.c || "entity") + " \u00b7 " + n.deg + " relation(s)" + (n.q ? " \u00b7 " + n.q : ""));
    return lines.join("\n");
  }
  function nodeItem(i) {
    var n = N[i];
    var size = nodeSize(i);
    return {
      id: n.id, label: nodeName(n, state.lang), title: nodeTitle(n), x: n.x, y: n.y,
      shape: (classInfo[n.c] || {shape: "dot"}).shape, color: nodeColour(i), size: size,
      font: {size: Math.round(11 + size / 4)}
    };
  }
  function edgeTitle(j) {
    var e = E[j], lang = panelLang();
    var arrow = arrowOf((D.predicates[e.p] || [])[3] === true);
    var head = nodeName(N[e.f], lang) + arrow + predLabel(e.p) + arrow + nodeName(N[e.t], lang);
    if (e.kb) { return head + "\n" + tr("kbFact"); }
    return head + "\n" + tr("inArticles", e.st.length, e.a.length) + " \u00b7 " + tr("clickEvidence");
  }
  function edgeItem(j) {
    var e = E[j], g = groupInfo[predGroup[e.p]] || {colour: "#a0a0a0", dashed: false};
    var sym = (D.predicates[e.p] || [])[3] === true;
    var colour = e.kb ? KB_COLOUR : g.colour;
    var item = {
      id: "e" + j, from: N[e.f].id, to: N[e.t].id, title: edgeTitle(j),
      color: {color: colour, highlight: e.kb ? "#808080" : colour, hover: e.kb ? "#808080" : colour,
              opacity: e.kb ? 0.75 : (big ? 0.45 : 1)},
      width: e.kb ? 1 : Math.min(9, 1 + 2 * Math.log2(Math.max(1, e.st.length))),
      dashes: e.kb ? [2, 6] : (e.int ? [10, 6] : (g.dashed ? [3, 5] : false)),
      arrows: {to: {enabled: !sym, scaleFactor: 0.55}}
    };
    if (D.edgeLabels) { item.label = predLabel(e.p); }
    return item;
  }
  // parallel edges between one pair bend to alternate sides
  var smoothOf = {};
  (function () {
    var byPair = {};
    E.forEach(function (e, j) {
      var key = e.f < e.t ? e.f + "," + e.t : e.t + "," + e.f;
      (byPair[key] = byPair[key] || []).push(j);
    });
    Object.keys(byPair).forEach(function (key) {
      var js = byPair[key];
      if (js.length < 2) { return; }
      js.forEach(function (j, k) {
        var forward = E[j].f <= E[j].t;
        var cw = (k % 2 === 0) === forward;
        smoothOf[j] = {enabled: true, type: cw ? "curvedCW" : "curvedCCW",
                       roundness: 0.12 + 0.18 * Math.floor(k / 2)};
      });
    });
  })();

  var nodeItems = N.map(function (n, i) { return nodeItem(i); });
  var edgeItems = E.map(function (e, j) {
    var it = edgeItem(j);
    it.smooth = smoothOf[j] || {enabled: false};
    return it;
  });
  var nodes = X.nodes = new vis.DataSet(nodeItems);
  var edges = X.edges = new vis.DataSet(edgeItems);
  var options = {
    autoResize: true,
    layout: {improvedLayout: false, randomSeed: 1},
    nodes: {borderWidth: 1, font: {face: "Tahoma, 'Noto Sans Arabic', 'DejaVu Sans', Arial, sans-serif",
                                   strokeWidth: 3, strokeColor: "#ffffff"},
            scaling: {label: {drawThreshold: 7}}},
    edges: {font: {size: 10, align: "middle", strokeWidth: 3, color: "#555"}, selectionWidth: 2,
            hoverWidth: 1, smooth: {enabled: false}},
    interaction: {hover: !big, tooltipDelay: 150, multiselect: false, hideEdgesOnDrag: big,
                  hideEdgesOnZoom: big, navigationButtons: false, keyboard: false},
    physics: D.physics ? {
      enabled: true, solver: "barnesHut",
      barnesHut: {gravitationalConstant: -14000, centralGravity: 0.12, springLength: 170,
                  springConstant: 0.035, damping: 0.2, avoidOverlap: 0.6},
      minVelocity: 0.75,
      stabilization: {enabled: true, iterations: 300, updateInterval: 50, fit: true}
    } : {enabled: false}
  };
  var container = document.getElementById("nz-network");
  var network = X.network = new vis.Network(container, {nodes: nodes, edges: edges}, options);

  // ------------------------------------------------------------------ ready
  function markReady() {
    if (X.ready) { return; }
    X.ready = true;
    X.readyAt = performance.now();
    document.body.setAttribute("data-nz-ready", "1");
    if (D.focus) {
      var i = indexOfId[D.focus];
      if (i !== undefined) { selectNode(i, true); }
    }
  }
  var indexOfId = {};
  N.forEach(function (n, i) { indexOfId[n.id] = i; });
  if (D.physics && N.length > 0) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
      network.fit({animation: false});
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  } else {
    network.fit({animation: false});
    network.once("afterDrawing", markReady);
    network.redraw();
    if (N.length === 0) { setTimeout(markReady, 0); }
  }

  // ------------------------------------------------------------------ filters
  function filtersActive() {
    return state.article >= 0 || state.outlet >= 0 || state.from !== "" || state.to !== "" ||
      state.minConf > 0;
  }
  function statementPasses(st) {
    if (!state.preds[st.p]) { return false; }
    if (state.minConf > 0 && st.cf !== null && st.cf < state.minConf) { return false; }
    if (state.article >= 0 && st.a !== state.article) { return false; }
    if (state.outlet >= 0 && st.ou !== state.outlet) { return false; }
    if (state.from !== "" || state.to !== "") {
      if (!st.d0) { return state.undated; }
      if (state.from !== "" && st.d1 < state.from) { return false; }
      if (state.to !== "" && st.d0 > state.to) { return false; }
    }
    return true;
  }
  var visibleEdge = E.map(function () { return true; });
  var visibleNode = N.map(function () { return true; });
  function articleEdgeVisible(e) {
    if (!state.preds[e.p]) { return false; }
    if (!state.classes[N[e.f].c] || !state.classes[N[e.t].c]) { return false; }
    if (e.st.length === 0) {
      return !filtersActive() || (state.article >= 0 && e.a.indexOf(state.article) >= 0 &&
        state.outlet < 0 && state.from === "" && state.to === "" && state.minConf === 0);
    }
    for (var k = 0; k < e.st.length; k++) {
      if (statementPasses(S[e.st[k]])) { return true; }
    }
    return false;
  }
  function applyFilters() {
    var edgeUpd = [], nodeUpd = [];
    var hasArticleEdge = N.map(function () { return false; });
    var nextEdge = E.map(function (e) {
      if (e.kb) { return false; }
      var v = articleEdgeVisible(e);
      if (v) { hasArticleEdge[e.f] = true; hasArticleEdge[e.t] = true; }
      return v;
    });
    E.forEach(function (e, j) {
      if (e.kb) {
        nextEdge[j] = state.kb && state.preds[e.p] === true && hasArticleEdge[e.f] && hasArticleEdge[e.t];
      }
      if (nextEdge[j] !== visibleEdge[j]) { edgeUpd.push({id: "e" + j, hidden: !nextEdge[j]}); }
    });
    var nextNode = N.map(function (n, i) {
      return hasArticleEdge[i] || (N.length === 1 && state.classes[n.c] === true);
    });
    nextNode.forEach(function (v, i) {
      if (v !== visibleNode[i]) { nodeUpd.push({id: N[i].id, hidden: !v}); }
    });
    visibleEdge = nextEdge;
    visibleNode = nextNode;
    if (edgeUpd.length) { edges.update(edgeUpd); }
    if (nodeUpd.length) { nodes.update(nodeUpd); }
    updateCounts();
    if (state.selected) { rerenderPanel(); }
  }
  X.applyFilters = applyFilters;
  X.visibleCounts = function () {
    return {nodes: visibleNode.filter(Boolean).length, edges: visibleEdge.filter(Boolean).length};
  };

  // The header: the headline counts of the data (kg.analytics.headline_counts, the same
  // numbers as the build summary and the report), then what the graph draws; the tooltip
  // gives statements by mode and the definition of each count.
  function fmt(n) { return Number(n || 0).toLocaleString("en-US"); }
  function headlineText() {
    var h = D.headline || {}, c = D.counts;
    var text = tr("hArticles", fmt(h.articles)) + " \u00b7 " + tr("hWith", fmt(h.with_statements)) +
      " \u00b7 " + tr("hEntities", fmt(h.entities)) + " \u00b7 " + tr("hStatements", fmt(h.statements)) +
      " \u2014 " + tr("hGraph", fmt(c.entities), fmt(c.relations)) + ", " + tr("hBackground", fmt(c.background));
    var vc = X.visibleCounts();
    if (vc.nodes !== N.length || vc.edges !== E.length) {
      text += " \u2014 " + tr("hShown", fmt(vc.nodes), fmt(vc.edges));
    }
    return text;
  }
  function headlineTooltip() {
    var h = D.headline || {}, k = state.lang === "ar" ? 1 : 0, lines = [];
    var modes = Object.keys(h.by_mode || {}).map(function (m) { return tr(m) + " " + fmt(h.by_mode[m]); });
    lines.push(tr("hStatements", fmt(h.statements)) + (modes.length ? ": " + modes.join(", ") : ""));
    ["articles", "with_statements", "entities", "statements"].forEach(function (key) {
      if (D.definitions && D.definitions[key]) { lines.push(D.definitions[key][k]); }
    });
    lines.push(tr("hGraphDef"));
    return lines.join("\n");
  }
  function updateCounts() {
    var box = document.getElementById("nz-counts");
    box.textContent = headlineText();
    box.title = headlineTooltip();
    box.setAttribute("dir", state.lang === "ar" ? "rtl" : "ltr");
  }
  X.headlineText = headlineText;

  function refreshNodes() {
    nodes.update(N.map(function (n, i) {
      var size = nodeSize(i);
      return {id: n.id, label: nodeName(n, state.lang), color: nodeColour(i), size: size,
              font: {size: Math.round(11 + size / 4)}};
    }));
  }
  function refreshEdgeLabels() {
    edges.update(E.map(function (e, j) {
      var u = {id: "e" + j, title: edgeTitle(j)};
      if (D.edgeLabels) { u.label = predLabel(e.p); }
      return u;
    }));
  }

  // ------------------------------------------------------------------ panel
  var panel = document.getElementById("nz-panel");
  function clearPanel() {
    while (panel.firstChild) { panel.removeChild(panel.firstChild); }
    // the captions' direction; each evidence sentence sets its own (evidenceElement)
    panel.setAttribute("dir", state.lang === "ar" ? "rtl" : "ltr");
    panel.setAttribute("lang", panelLang());
  }
  function emptyPanel() {
    clearPanel();
    panel.appendChild(el("div", "nz-empty", tr("empty")));
  }
  function evidenceElement(st) {
    var div = el("div", "nz-ev");
    var text = st.ev || "";
    // per statement: English evidence left to right, Arabic right to left, whatever the page
    div.setAttribute("dir", st.dir || textDir(text, st.lang));
    if (st.lang) { div.setAttribute("lang", st.lang); }
    var at = 0;
    st.hl.forEach(function (h) {
      if (h[0] < at || h[1] > text.length) { return; }
      if (h[0] > at) { div.appendChild(document.createTextNode(text.slice(at, h[0]))); }
      var m = el("mark", "nz-m-" + h[2], text.slice(h[0], h[1]));
      m.title = tr(h[2] === "s" ? "subject" : (h[2] === "o" ? "object" : "trigger"));
      div.appendChild(m);
      at = h[1];
    });
    if (at < text.length) { div.appendChild(document.createTextNode(text.slice(at))); }
    return div;
  }
  function statementElement(st) {
    var lang = panelLang();
    var box = el("div", "nz-st");
    var g = groupInfo[predGroup[st.p]];
    if (g) { box.style.borderInlineStartColor = g.colour; }
    if (st.e < 0) {
      var line = relationLine("div", "nz-sub", st.sl, st.p, st.ol, (D.predicates[st.p] || [])[3] === true);
      line.appendChild(document.createTextNode("  (" + tr("noEdge", undefined, tr(st.m)) + ")"));
      box.appendChild(line);
    }
    box.appendChild(st.ev ? evidenceElement(st) : el("div", "nz-meta", tr("noEvidence")));
    // each data value in its own <bdi>, so an Arabic name cannot reorder the English around it
    var meta = el("div", "nz-meta");
    var parts = [[tr(st.m)]];
    if (st.dt) { parts.push(["", st.dt, st.da ? " " + tr("articleDate") : ""]); }
    if (st.cf !== null && st.cf !== undefined) { parts.push([tr("confidence", Number(st.cf).toFixed(2))]); }
    if (st.ou >= 0) { parts.push([tr("reportedBy"), D.outlets[st.ou]]); }
    if (st.at) { parts.push([tr("attributedTo"), st.at]); }
    if (st.loc) { parts.push([tr("inPlace"), st.loc]); }
    if (st.top) { parts.push([tr("topic"), st.top]); }
    if (st.pl) { parts.push([st.pl + (st.cm ? " / CAMEO " + st.cm : "")]); }
    parts.forEach(function (part, k) {
      if (k) { meta.appendChild(document.createTextNode(" \u00b7 ")); }
      if (part[0]) { meta.appendChild(document.createTextNode(part[0])); }
      if (part.length > 1) { meta.appendChild(bdi(part[1])); }
      if (part[2]) { meta.appendChild(document.createTextNode(part[2])); }
    });
    box.appendChild(meta);
    if (st.a >= 0) {
      var art = A[st.a];
      var src = el("div", "nz-src");
      src.appendChild(document.createTextNode(tr("source")));
      src.appendChild(bdi(art[1] || tr("noHeadline")));
      if (art[3]) { src.appendChild(document.createTextNode(" \u2014 ")); src.appendChild(bdi(art[3], "ltr")); }
      if (art[2]) {
        src.appendChild(document.createTextNode(art[3] ? " \u00b7 " : " \u2014 "));
        src.appendChild(art[4] ? sourceLink(art[4]) : bdi(art[2], "ltr"));
      }
      box.appendChild(src);
    }
    return box;
  }
  function appendStatements(list, ks) {
    var shown = 0, hidden = 0, rest = [];
    ks.forEach(function (k) {
      var st = S[k];
      if (!statementPasses(st)) { hidden++; return; }
      if (shown >= MAX_PANEL_STATEMENTS) { rest.push(k); return; }
      list.appendChild(statementElement(st));
      shown++;
    });
    if (rest.length) {
      var b = el("button", "nz-btn nz-more", tr("showMore", rest.length));
      b.addEventListener("click", function () {
        b.remove();
        rest.forEach(function (k) { list.appendChild(statementElement(S[k])); });
      });
      list.appendChild(b);
    }
    return {shown: shown, hidden: hidden};
  }
  function nodeHeader(n) {
    var lang = panelLang();
    if (n.ar) {
      var ar = el("h2", "nz-ar", n.ar);
      ar.setAttribute("dir", "rtl");
      ar.setAttribute("lang", "ar");
      panel.appendChild(ar);
    }
    if (n.en && n.en !== n.ar) {
      var en = el(n.ar ? "div" : "h2", n.ar ? "nz-sub" : null, n.en);
      en.setAttribute("lang", "en");
      panel.appendChild(en);
    }
    var facts = [tr(n.c || "entity"), tr("relations", n.deg)];
    if (n.q) { facts.push("Wikidata " + n.q); }
    panel.appendChild(el("div", "nz-sub", facts.join(" \u00b7 ")));
    if (n.alt.length) {
      var al = el("div", "nz-sub", tr("aliases"));
      n.alt.forEach(function (a, k) {
        if (k) { al.appendChild(document.createTextNode("\u060c ")); }
        al.appendChild(bdi(a));
      });
      if (n.nalt > n.alt.length) { al.appendChild(document.createTextNode(" \u2026")); }
      panel.appendChild(al);
    }
    panel.appendChild(el("div", "nz-sub", n.id));
    return lang;
  }
  function edgeHeading(j) {
    var e = E[j];
    return relationLine("div", "nz-edgehead", [N[e.f].ar, N[e.f].en], e.p, [N[e.t].ar, N[e.t].en],
                        (D.predicates[e.p] || [])[3] === true);
  }
  function showNode(i) {
    state.selected = {kind: "node", i: i};
    clearPanel();
    var n = N[i];
    nodeHeader(n);
    var js = nodeEdges[i].slice().sort(function (a, b) {
      return (E[a].kb - E[b].kb) || (E[b].st.length - E[a].st.length) || (a - b);
    });
    var total = 0, hidden = 0;
    panel.appendChild(el("h3", null, tr("statements")));
    js.forEach(function (j) {
      var e = E[j];
      if (e.kb || !visibleEdge[j]) { hidden += e.st.length; return; }
      var h = edgeHeading(j);
      h.addEventListener("click", function () { selectEdge(j); });
      panel.appendChild(h);
      var r = appendStatements(panel, e.st);
      total += r.shown;
      hidden += r.hidden;
    });
    var loose = nodeLoose[i];
    if (loose.length) {
      panel.appendChild(el("h3", null, tr("notDrawn")));
      var r2 = appendStatements(panel, loose);
      hidden += r2.hidden;
    }
    var kbs = js.filter(function (j) { return E[j].kb && visibleEdge[j]; });
    if (kbs.length) {
      panel.appendChild(el("h3", null, tr("background")));
      kbs.forEach(function (j) { panel.appendChild(edgeHeading(j)); });
    }
    if (hidden) { panel.appendChild(el("div", "nz-note", tr("hidden", hidden))); }
    if (!total && !loose.length && !kbs.length) { panel.appendChild(el("div", "nz-note", tr("noneShown"))); }
  }
  function showEdge(j) {
    state.selected = {kind: "edge", j: j};
    clearPanel();
    var e = E[j];
    var head = edgeHeading(j);
    head.className = "";
    var h2 = el("h2");
    h2.appendChild(head);
    panel.appendChild(h2);
    if (e.kb) {
      panel.appendChild(el("div", "nz-sub", tr("kbFact")));
      return;
    }
    panel.appendChild(el("div", "nz-sub", tr("inArticles", e.st.length, e.a.length) +
      (e.int ? " \u00b7 " + tr("intended") : "")));
    var r = appendStatements(panel, e.st);
    if (r.hidden) { panel.appendChild(el("div", "nz-note", tr("hidden", r.hidden))); }
  }
  function rerenderPanel() {
    var s = state.selected;
    if (!s) { emptyPanel(); } else if (s.kind === "node") { showNode(s.i); } else { showEdge(s.j); }
  }
  function selectNode(i, focus) {
    network.selectNodes([N[i].id]);
    if (focus) {
      network.focus(N[i].id, {scale: Math.max(network.getScale(), 1.0), animation: {duration: 300}});
    }
    showNode(i);
  }
  function selectEdge(j) {
    network.setSelection({nodes: [], edges: ["e" + j]}, {unselectAll: true, highlightEdges: false});
    showEdge(j);
  }
  X.showNode = showNode;
  X.showEdge = showEdge;
  X.selectNode = selectNode;
  network.on("click", function (params) {
    if (params.nodes.length) {
      showNode(indexOfId[params.nodes[0]]);
    } else if (params.edges.length) {
      showEdge(Number(String(params.edges[0]).slice(1)));
    }
  });

  // ------------------------------------------------------------------ search
  var names = [];
  N.forEach(function (n, i) {
    [n.ar, n.en].forEach(function (s) { if (s) { names.push([norm(s), i, 0]); } });
    n.alt.forEach(function (s) { names.push([norm(s), i, 1]); });
    names.push([norm(n.id), i, 2]);
  });
  function findNode(query) {
    var q = norm(query);
    if (!q) { return -1; }
    var best = -1, bestKey = null;
    names.forEach(function (t) {
      var rank;
      if (t[0] === q) { rank = t[2]; } else if (t[0].indexOf(q) === 0) { rank = 3 + t[2]; }
      else if (q.length >= 2 && t[0].indexOf(q) > 0) { rank = 6 + t[2]; } else { return; }
      var key = [rank, -(N[t[1]].pr || N[t[1]].deg || 0)];
      if (bestKey === null || key[0] < bestKey[0] || (key[0] === bestKey[0] && key[1] < bestKey[1])) {
        best = t[1];
        bestKey = key;
      }
    });
    return best;
  }
  function focusByName(query) {
    var msg = document.getElementById("nz-search-msg");
    var i = findNode(query);
    if (i < 0) {
      msg.textContent = "no entity named \u201c" + query + "\u201d";
      return null;
    }
    msg.textContent = visibleNode[i] ? "" : "this entity is hidden by the filters";
    selectNode(i, true);
    return N[i].id;
  }
  X.findNode = findNode;
  X.focusByName = focusByName;

  // ------------------------------------------------------------------ controls
  var controls = document.getElementById("nz-controls");
  var captioned = [];   // [element, caption key]: re-captioned when the language changes
  function caption(x, key) {
    x.textContent = tr(key);
    captioned.push([x, key]);
    return x;
  }
  function recaption() {
    captioned.forEach(function (c) { c[0].textContent = tr(c[1]); });
  }
  function section(title, open) {
    var d = el("details");
    if (open) { d.open = true; }
    d.appendChild(caption(el("summary"), title));
    controls.appendChild(d);
    return d;
  }
  function row(parent, label, input) {
    var r = el("div", "nz-row");
    r.appendChild(caption(el("span"), label));
    r.appendChild(input);
    parent.appendChild(r);
    return r;
  }
  function select(id, choices, value, onchange) {
    var s = el("select");
    s.id = id;
    choices.forEach(function (c) {
      var o = el("option", null, c[1]);
      o.value = String(c[0]);
      if (String(c[0]) === String(value)) { o.selected = true; }
      s.appendChild(o);
    });
    s.addEventListener("change", function () { onchange(s.value); });
    return s;
  }
  function checkbox(label, checked, onchange, swatch) {
    var l = el("label");
    var c = el("input");
    c.type = "checkbox";
    c.checked = checked;
    c.addEventListener("change", function () { onchange(c.checked, c); });
    l.appendChild(c);
    if (swatch) { l.appendChild(swatch); }
    l.appendChild(document.createTextNode(label));
    return {label: l, box: c};
  }

  // search
  var sec = section("Search", true);
  var input = el("input");
  input.type = "search";
  input.id = "nz-search";
  input.placeholder = "Arabic or English name, e.g. \u0631\u0648\u0633\u064a\u0627 / Russia";
  input.setAttribute("list", "nz-names");
  input.setAttribute("dir", "auto");
  var list = el("datalist");
  list.id = "nz-names";
  var seenName = {};
  N.forEach(function (n) {
    [n.ar, n.en].forEach(function (s) {
      if (s && !seenName[s]) { seenName[s] = 1; var o = el("option"); o.value = s; list.appendChild(o); }
    });
  });
  var lastQuery = null;   // Enter, then the change event of the same value: search once
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { ev.preventDefault(); lastQuery = input.value; focusByName(input.value); }
  });
  input.addEventListener("change", function () {
    if (input.value && input.value !== lastQuery) { lastQuery = input.value; focusByName(input.value); }
  });
  input.addEventListener("input", function () { if (input.value !== lastQuery) { lastQuery = null; } });
  sec.appendChild(input);
  sec.appendChild(list);
  sec.appendChild(el("div", null)).id = "nz-search-msg";

  // view
  sec = section("View", true);
  row(sec, "Labels", select("nz-lang", [["both", "Arabic + English"], ["ar", "\u0639\u0631\u0628\u064a (Arabic)"],
                                        ["en", "English"]], state.lang, function (v) {
    state.lang = v; refreshNodes(); refreshEdgeLabels(); rerenderPanel(); recaption(); updateCounts();
  }));
  row(sec, "Colour", select("nz-colour", [["class", "entity class"], ["community", "community (Louvain)"]],
                            state.colourBy, function (v) { state.colourBy = v; refreshNodes(); drawLegend(); }));
  var sizeChoices = [["pr", "PageRank"], ["dg", "degree"], ["bt", "betweenness"], ["none", "same size"]]
    .filter(function (c) { return c[0] === "none" || D.measures.indexOf(c[0]) >= 0; });
  row(sec, "Size", select("nz-size", sizeChoices, state.sizeBy, function (v) {
    state.sizeBy = v; refreshNodes(); drawLegend();
  }));
  var fitBtn = caption(el("button", "nz-btn"), "fit");
  fitBtn.addEventListener("click", function () { network.fit({animation: {duration: 300}}); });
  sec.appendChild(fitBtn);

  // entity classes (legend + filter)
  var classSec = section("Entities", true);
  function drawLegend() {
    while (classSec.childNodes.length > 1) { classSec.removeChild(classSec.lastChild); }
    if (state.colourBy === "community") {
      classSec.appendChild(el("div", "nz-note", D.counts.communities +
        " communities (Louvain modularity); colours repeat after " + PALETTE.length));
    }
    var count = {};
    N.forEach(function (n) { count[n.c] = (count[n.c] || 0) + 1; });
    D.classes.forEach(function (c) {
      var sw = el("span", "nz-sw");
      sw.style.background = state.colourBy === "class" ? c[1] : "#ffffff";
      sw.style.borderRadius = c[2] === "dot" ? "50%" : (c[2] === "diamond" ? "2px" : "0");
      if (c[2] === "diamond") { sw.style.transform = "rotate(45deg) scale(0.8)"; }
      var cb = checkbox((c[0] || "other") + " (" + (count[c[0]] || 0) + ")", state.classes[c[0]], function (v) {
        state.classes[c[0]] = v; applyFilters();
      }, sw);
      cb.box.setAttribute("data-class", c[0]);
      classSec.appendChild(cb.label);
    });
    var sizeNote = {pr: "PageRank", dg: "degree centrality", bt: "betweenness", none: "constant"}[state.sizeBy];
    classSec.appendChild(el("div", "nz-note", "node size: " + sizeNote + " (change under View)"));
  }
  drawLegend();

  // relations (legend + predicate filter)
  var predCount = {};
  E.forEach(function (e) { if (!e.kb) { predCount[e.p] = (predCount[e.p] || 0) + 1; } });
  sec = section("Relations", true);
  D.groups.forEach(function (g) {
    var preds = g[2].filter(function (p) { return p in D.predicates; });
    if (!preds.length) { return; }
    var box = el("div", "nz-group");
    var line = el("span", "nz-line");
    line.style.borderTopColor = g[1];
    line.style.borderTopStyle = g[3] ? "dashed" : "solid";
    var n = preds.reduce(function (a, p) { return a + (predCount[p] || 0); }, 0);
    var boxes = [];
    var head = checkbox(g[0] + " (" + n + ")", true, function (v) {
      preds.forEach(function (p) { state.preds[p] = v; });
      boxes.forEach(function (b) { b.checked = v; });
      applyFilters();
    }, line);
    box.appendChild(head.label);
    var sub = el("div", "nz-preds");
    preds.forEach(function (p) {
      var c = checkbox(D.predicates[p][1] + " (" + (predCount[p] || 0) + ")", true, function (v) {
        state.preds[p] = v;
        applyFilters();
      });
      c.box.setAttribute("data-pred", p);
      boxes.push(c.box);
      sub.appendChild(c.label);
    });
    box.appendChild(sub);
    sec.appendChild(box);
  });
  var kbLine = el("span", "nz-line");
  kbLine.style.borderTopColor = KB_COLOUR;
  kbLine.style.borderTopStyle = "dotted";
  sec.appendChild(checkbox("knowledge-base background (" + D.counts.background + ")", true, function (v) {
    state.kb = v; applyFilters();
  }, kbLine).label);
  var dashLine = el("span", "nz-line");
  dashLine.style.borderTopStyle = "dashed";
  dashLine.style.borderTopColor = "#555";
  var note = el("div", "nz-note");
  note.appendChild(dashLine);
  note.appendChild(document.createTextNode("intended (seeks\u2026); width grows with the number of statements"));
  sec.appendChild(note);

  // filters
  sec = section("Filters", true);
  row(sec, "Article", select("nz-article", [[-1, "all articles (" + A.length + ")"]].concat(A.map(function (a, i) {
    return [i, (a[3] ? a[3] + " \u00b7 " : "") + (a[1] || a[2] || a[0])];
  })), -1, function (v) { state.article = Number(v); applyFilters(); }));
  row(sec, "Outlet", select("nz-outlet", [[-1, "all outlets"]].concat(D.outlets.map(function (o, i) {
    return [i, o];
  })), -1, function (v) { state.outlet = Number(v); applyFilters(); }));
  var dates = S.map(function (s) { return s.d0; }).filter(Boolean).sort();
  var dFrom = el("input"), dTo = el("input");
  dFrom.type = dTo.type = "date";
  dFrom.id = "nz-from";
  dTo.id = "nz-to";
  if (dates.length) { dFrom.min = dTo.min = dates[0]; dFrom.max = dTo.max = dates[dates.length - 1]; }
  dFrom.addEventListener("change", function () { state.from = dFrom.value; applyFilters(); });
  dTo.addEventListener("change", function () { state.to = dTo.value; applyFilters(); });
  row(sec, "From", dFrom);
  row(sec, "To", dTo);
  sec.appendChild(checkbox("keep undated statements", true, function (v) { state.undated = v; applyFilters(); }).label);
  var conf = el("input");
  conf.type = "range";
  conf.id = "nz-conf";
  conf.min = "0";
  conf.max = "1";
  conf.step = "0.05";
  conf.value = "0";
  var confOut = el("span", "nz-count", "0.00");
  conf.addEventListener("input", function () {
    state.minConf = Number(conf.value);
    confOut.textContent = state.minConf.toFixed(2);
    applyFilters();
  });
  row(sec, "Confidence", conf).appendChild(confOut);
  var reset = caption(el("button", "nz-btn"), "reset");
  reset.addEventListener("click", function () {
    state.article = -1; state.outlet = -1; state.from = ""; state.to = ""; state.minConf = 0;
    state.undated = true;
    document.getElementById("nz-article").value = "-1";
    document.getElementById("nz-outlet").value = "-1";
    dFrom.value = dTo.value = "";
    conf.value = "0";
    confOut.textContent = "0.00";
    Object.keys(state.preds).forEach(function (p) { state.preds[p] = true; });
    Object.keys(state.classes).forEach(function (c) { state.classes[c] = true; });
    state.kb = true;
    controls.querySelectorAll("input[type=checkbox]").forEach(function (c) { c.checked = true; });
    applyFilters();
  });
  sec.appendChild(reset);

  emptyPanel();
  applyFilters();
})();
