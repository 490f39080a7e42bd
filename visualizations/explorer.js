/* nufuz explorer: the UI of the page written by visualizations/html.py.
 *
 * Reads the JSON blob <script type="application/json" id="nz-data"> (built by
 * visualizations/explorer.py: nodes, edges, statements, articles) and draws it with
 * vis-network. Every text that comes from the data reaches the DOM through textContent,
 * createTextNode or a vis-network string title (shown with innerText): nothing here
 * parses data as HTML, so an article containing <script> or onerror= stays text.
 *
 * The vis-network data sets hold only what is shown: on a large graph the overview of the
 * most central entities (D.overview), else everything that passes the filters; what is
 * shown changes by adding and removing items, and then the shown subgraph is laid out anew
 * (relayout). Node labels are drawn by drawLabels over vis-network's frame, culled where
 * they collide; the click picks the entity whose shape is under the pointer (nodeAt).
 * The state (search, selection or path, filters, time range, view) is kept in the URL hash. The map
 * view (section "map") draws the same shown entities and relations on a world map.
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
    undated: true, minConf: 0, selected: null,
    // overview: the top N entities by the size centrality (0 = all), isolated pairs folded;
    // extra: entities shown beyond the overview (searched, expanded), index -> true
    top: D.overview || 0, extra: {}, query: "",
    view: "graph"   // "graph" or "map" (the map view, when the page has places with coordinates)
  };
  var RELAYOUT_MAX = D.relayoutMax || 1200;

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
    notInPage: ["{n} more statement(s) counted, their evidence not written in this page (nufuz view --max-evidence)",
                "{n} إفادة أخرى محسوبة، أدلتها غير مكتوبة في هذه الصفحة (nufuz view --max-evidence)"],
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
    hEgoCap: ["{n} of the {m} entities within reach shown: the nearest first (nufuz view --max-entities)",
              "\u0627\u0644\u0645\u0639\u0631\u0648\u0636 {n} \u0645\u0646 {m} \u0643\u064a\u0627\u0646\u064b\u0627 \u0641\u064a \u0627\u0644\u0645\u062f\u0649: \u0627\u0644\u0623\u0642\u0631\u0628 \u0623\u0648\u0644\u0627\u064b (nufuz view --max-entities)"],
    hOverviewCap: ["{n} of the {m} entities in relations shown: those with the most relations (nufuz view --max-entities)",
                   "\u0627\u0644\u0645\u0639\u0631\u0648\u0636 {n} \u0645\u0646 {m} \u0643\u064a\u0627\u0646\u064b\u0627 \u0641\u064a \u0639\u0644\u0627\u0642\u0627\u062a: \u0627\u0644\u0623\u0643\u062b\u0631 \u0639\u0644\u0627\u0642\u0627\u062a (nufuz view --max-entities)"],
    hEvidenceCap: ["evidence of {n} of {m} statements in this page, the first {k} of each relation (nufuz view --max-evidence)",
                   "\u0623\u062f\u0644\u0629 {n} \u0645\u0646 {m} \u0625\u0641\u0627\u062f\u0629 \u0641\u064a \u0647\u0630\u0647 \u0627\u0644\u0635\u0641\u062d\u0629\u060c \u0623\u0648\u0644 {k} \u0645\u0646 \u0643\u0644 \u0639\u0644\u0627\u0642\u0629 (nufuz view --max-evidence)"],
    csvOmitted: ["the {n} statement(s) without their evidence in this page are not in the CSV (nufuz export --format csv has every statement)",
                 "\u0627\u0644\u0625\u0641\u0627\u062f\u0627\u062a \u0627\u0644\u0640{n} \u0627\u0644\u062a\u064a \u0644\u064a\u0633\u062a \u0623\u062f\u0644\u062a\u0647\u0627 \u0641\u064a \u0647\u0630\u0647 \u0627\u0644\u0635\u0641\u062d\u0629 \u0644\u064a\u0633\u062a \u0641\u064a CSV (nufuz export --format csv \u0641\u064a\u0647 \u0643\u0644 \u0627\u0644\u0625\u0641\u0627\u062f\u0627\u062a)"],
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
    relayout: ["re-layout", "إعادة الترتيب"],
    Show: ["Show", "عرض"],
    exportCsv: ["CSV of the statements shown", "CSV للإفادات المعروضة"],
    exportPng: ["PNG of the view", "PNG للعرض"],
    timeHelp: ["statements per period (statement date, else article date); drag to filter",
               "الإفادات في كل فترة (تاريخ الإفادة وإلا تاريخ المقال)؛ اسحب للتصفية"],
    expand: ["show {n} hidden neighbour(s)", "عرض {n} من الجيران المخفيين"],
    ovShown: ["showing {n} of {m} entities", "المعروض {n} من {m} كيان"],
    ovRanked: ["{n} less central hidden", "{n} أقل مركزية مخفية"],
    ovPairs: ["{n} in isolated pairs folded", "{n} في أزواج معزولة مطوية"],
    reset: ["reset filters", "إعادة ضبط المرشحات"],
    Path: ["Path", "المسار"],
    pathFrom: ["From entity", "من الكيان"],
    pathTo: ["To entity", "إلى الكيان"],
    findPath: ["find path", "ابحث عن مسار"],
    pathTitle: ["Shortest chain: {n} hop(s)", "أقصر سلسلة: {n} خطوة"],
    pathNone: ["no chain of statements links them (with the filters)",
               "لا سلسلة إفادات تربط بينهما (مع المرشحات)"],
    pathSame: ["give two different entities", "أدخل كيانين مختلفين"],
    pathHelp: ["the shortest chain of article statements between two entities, either direction",
               "أقصر سلسلة من إفادات المقالات بين كيانين، في أي اتجاه"],
    noEntity: ["no entity named \u201c{n}\u201d", "لا كيان باسم \u201c{n}\u201d"],
    didYouMean: [" (did you mean: {n}?)", " (هل تقصد: {n}؟)"],
    hiddenByFilters: ["this entity is hidden by the filters", "هذا الكيان مخفي بالمرشحات"],
    searchLabel: ["Search an entity by its Arabic or English name", "ابحث عن كيان باسمه العربي أو الإنجليزي"],
    listView: ["List view: entities and statements", "عرض القائمة: الكيانات والإفادات"],
    listEntities: ["Entities shown, most central first (Enter: their statements)",
                   "الكيانات المعروضة، الأكثر مركزية أولاً (Enter: إفاداتها)"],
    listCols: ["Entity|Class|Relations", "الكيان|الصنف|العلاقات"],
    listMore: ["{n} more: use the search or the filters", "{n} أخرى: استعمل البحث أو المرشحات"],
    listStatementsOf: ["Statements of {n}", "إفادات {n}"],
    listNone: ["Choose an entity in the table above.", "اختر كيانًا في الجدول أعلاه."],
    canvasLabel: ["Network of entities and relations (pointer only; the list view under it works with the keyboard)",
                  "شبكة الكيانات والعلاقات (بالمؤشر فقط؛ عرض القائمة تحتها يعمل بلوحة المفاتيح)"],
    timeFrom: ["start of the time range", "بداية الفترة"],
    timeTo: ["end of the time range", "نهاية الفترة"],
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
    Topic: ["Topic", "موضوع"], entity: ["entity", "كيان"],
    // the map view
    viewGraph: ["Graph", "الشبكة"],
    viewMap: ["Map", "الخريطة"],
    viewChoice: ["Graph or map view", "عرض الشبكة أو الخريطة"],
    mapLabel: ["Map of the places shown, sized by their statements, with presence and influence relations " +
               "(pointer only; the list view under it works with the keyboard)",
               "خريطة الأماكن المعروضة بحجم إفاداتها مع علاقات الوجود والنفوذ " +
               "(بالمؤشر فقط؛ عرض القائمة تحتها يعمل بلوحة المفاتيح)"],
    mapPlaces: ["{n} of {m} entities shown are places on the map (size: statements)",
                "{n} من {m} كيانًا معروضًا أماكن على الخريطة (الحجم: الإفادات)"],
    mapLines: ["{n} presence / influence relation(s) drawn from the actor's country",
               "{n} علاقة وجود أو نفوذ مرسومة من دولة الفاعل"],
    mapSkipped: ["{n} not drawn: actor or place without coordinates",
                 "{n} غير مرسومة: فاعل أو مكان بلا إحداثيات"],
    mapSought: ["dashed: sought (seeks…); hollow circle: the actor's country",
                "متقطع: مسعى؛ دائرة مفرغة: دولة الفاعل"],
    mapFit: ["fit", "ملاءمة"],
    zoomIn: ["zoom in", "تكبير"],
    zoomOut: ["zoom out", "تصغير"],
    mapCredit: ["outlines: Natural Earth 1:110m", "الحدود: Natural Earth 1:110m"]
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
  // dimming: while an entity or a relation is selected, what is not next to it fades
  var focusSet = null, focusEdges = null;   // node / edge index -> true, or null
  function pale(hex) {
    var m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
    if (!m) { return "#e6e6e6"; }
    return "#" + [m[1], m[2], m[3]].map(function (h) {
      var v = Math.round(parseInt(h, 16) * 0.2 + 255 * 0.8);
      return (v < 16 ? "0" : "") + v.toString(16);
    }).join("");
  }
  function dimmedNode(i) { return focusSet !== null && !focusSet[i]; }
  function dimmedEdge(j) { return focusEdges !== null && !focusEdges[j]; }
  function nodeColourItem(i) {
    var c = nodeColour(i);
    if (!dimmedNode(i)) { return c; }
    var p = pale(c);
    return {background: p, border: "#d8d8d8", highlight: {background: p, border: "#d8d8d8"},
            hover: {background: p, border: "#d8d8d8"}};
  }
  var lastPos = {};   // node index -> {x, y}: where it was drawn last (or will appear)
  function nodeItem(i) {
    var n = N[i];
    var p = lastPos[i] || {x: n.x, y: n.y};
    // no vis-network label: labels are drawn by drawLabels (culled where they collide)
    return {
      id: n.id, title: nodeTitle(n), x: p.x, y: p.y,
      shape: (classInfo[n.c] || {shape: "dot"}).shape, color: nodeColourItem(i), size: nodeSize(i)
    };
  }
  function edgeTitle(j) {
    var e = E[j], lang = panelLang();
    var arrow = arrowOf((D.predicates[e.p] || [])[3] === true);
    var head = nodeName(N[e.f], lang) + arrow + predLabel(e.p) + arrow + nodeName(N[e.t], lang);
    if (e.kb) { return head + "\n" + tr("kbFact"); }
    return head + "\n" + tr("inArticles", e.st.length, e.a.length) + " \u00b7 " + tr("clickEvidence");
  }
  var EDGE_LABELS_SHOWN = 150;   // predicate names on every edge up to this many shown edges
  var shownEdges = 0, shownNodes = 0;
  function edgeLabelOn(j) {
    if (!D.edgeLabels) { return false; }
    return focusEdges !== null ? focusEdges[j] === true : shownEdges <= EDGE_LABELS_SHOWN;
  }
  function edgeStyle(j) {
    var e = E[j], g = groupInfo[predGroup[e.p]] || {colour: "#a0a0a0", dashed: false};
    var colour = e.kb ? KB_COLOUR : g.colour, dim = dimmedEdge(j);
    return {
      color: {color: colour, highlight: e.kb ? "#808080" : colour, hover: e.kb ? "#808080" : colour,
              opacity: dim ? 0.1 : (e.kb ? 0.75 : (big ? 0.45 : 1))},
      label: edgeLabelOn(j) ? predLabel(e.p) : " ",
      font: {color: dim ? "rgba(85,85,85,0)" : "#555", strokeWidth: dim ? 0 : 3}
    };
  }
  function edgeItem(j) {
    var e = E[j], g = groupInfo[predGroup[e.p]] || {colour: "#a0a0a0", dashed: false};
    var sym = (D.predicates[e.p] || [])[3] === true;
    var st = edgeStyle(j);
    return {
      id: "e" + j, from: N[e.f].id, to: N[e.t].id, title: edgeTitle(j), color: st.color,
      label: st.label, font: st.font,
      width: e.kb ? 1 : Math.min(9, 1 + 2 * Math.log2(Math.max(1, e.st.length))),
      dashes: e.kb ? [2, 6] : (e.int ? [10, 6] : (g.dashed ? [3, 5] : false)),
      arrows: {to: {enabled: !sym, scaleFactor: 0.55}},
      smooth: smoothOf[j] || {enabled: false}
    };
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

  // the vis-network data sets hold only what is shown (added and removed as filters change)
  var nodes = X.nodes = new vis.DataSet([]);
  var edges = X.edges = new vis.DataSet([]);
  var options = {
    autoResize: true,
    layout: {improvedLayout: false, randomSeed: 1},
    nodes: {borderWidth: 1},
    edges: {font: {size: 10, align: "middle", strokeWidth: 3, color: "#555"}, selectionWidth: 2,
            hoverWidth: 1, smooth: {enabled: false}},
    interaction: {hover: !big, tooltipDelay: 150, multiselect: false, hideEdgesOnDrag: big,
                  hideEdgesOnZoom: big, navigationButtons: false, keyboard: false},
    // physics only while re-laying out the shown subgraph (relayout), then frozen
    physics: {
      enabled: false, solver: "barnesHut",
      barnesHut: {gravitationalConstant: -9000, centralGravity: 0.6, springLength: 150,
                  springConstant: 0.035, damping: 0.2, avoidOverlap: 0.6},
      minVelocity: 0.75,
      stabilization: {enabled: false, iterations: 300, updateInterval: 50, fit: false}
    }
  };
  var container = document.getElementById("nz-network");
  var mapBox = document.getElementById("nz-map");   // the map view's box (absent: no places with coordinates)
  var network = X.network = new vis.Network(container, {nodes: nodes, edges: edges}, options);

  // ------------------------------------------------------------------ labels
  // Node labels are drawn here, after vis-network's frame, in screen pixels: the selection
  // first, then by the size centrality; a label whose box would overlap one already drawn
  // is left out (a grid of cells keeps the test cheap). X.labelBoxes holds the boxes drawn.
  var LABEL_FONT = "Tahoma, 'Noto Sans Arabic', 'DejaVu Sans', Arial, sans-serif";
  var widthCache = {};
  var rankOrder = [];
  function rankMeasure() {
    if (state.sizeBy in maxMeasure) { return state.sizeBy; }
    return D.measures.indexOf("pr") >= 0 ? "pr" : null;
  }
  function rankNodes() {
    var m = rankMeasure();
    rankOrder = N.map(function (n, i) { return i; });
    rankOrder.sort(function (a, b) {
      return (m ? N[b][m] - N[a][m] : 0) || (N[b].deg - N[a].deg) || (a - b);
    });
  }
  rankNodes();
  X.labelBoxes = [];
  function labelOf(i) { return nodeName(N[i], state.lang) || ""; }
  X.labelOf = function (id) { return id in indexOfId ? labelOf(indexOfId[id]) : null; };
  function drawLabels(ctx) {
    var order = [], sel = state.selected && state.selected.kind === "node" ? state.selected.i : -1;
    if (sel >= 0 && visibleNode[sel]) { order.push(sel); }
    rankOrder.forEach(function (i) { if (visibleNode[i] && i !== sel && !dimmedNode(i)) { order.push(i); } });
    var pos = network.getPositions(order.map(function (i) { return N[i].id; }));
    var scale = network.getScale(), w = container.clientWidth, h = container.clientHeight;
    var ratio = network.canvas.pixelRatio || window.devicePixelRatio || 1;
    var CELL = 64, grid = {}, boxes = [], cut = [];
    function cells(b, visit) {
      for (var gx = Math.floor(b.x0 / CELL); gx <= Math.floor(b.x1 / CELL); gx++) {
        for (var gy = Math.floor(b.y0 / CELL); gy <= Math.floor(b.y1 / CELL); gy++) {
          if (visit(gx + "," + gy)) { return true; }
        }
      }
      return false;
    }
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    order.forEach(function (i) {
      var p = pos[N[i].id], text = labelOf(i);
      if (!p || !text) { return; }
      var d = network.canvasToDOM(p), r = nodeSize(i) * scale;
      var fs = Math.round(11 + Math.min(4, nodeSize(i) / 8)), lh = Math.round(fs * 1.25);
      var lines = text.split("\n"), tw = 0;
      ctx.font = fs + "px " + LABEL_FONT;
      lines.forEach(function (l) {
        var key = fs + "|" + l;
        if (!(key in widthCache)) { widthCache[key] = ctx.measureText(l).width; }
        tw = Math.max(tw, widthCache[key]);
      });
      var b = {x0: d.x - tw / 2 - 2, x1: d.x + tw / 2 + 2, y0: d.y + r + 2, y1: d.y + r + 3 + lh * lines.length};
      if (b.x0 < 0 || b.x1 > w || b.y0 < 0 || b.y1 > h) { cut.push(N[i].id); return; }   // whole labels only
      if (cells(b, function (key) {
        return (grid[key] || []).some(function (o) {
          return b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1;
        });
      })) { return; }
      cells(b, function (key) { (grid[key] = grid[key] || []).push(b); return false; });
      b.id = N[i].id;
      b.text = text;
      boxes.push(b);
      lines.forEach(function (l, k) {
        var y = b.y0 + 1 + k * lh;
        ctx.strokeStyle = "#ffffff";
        ctx.lineWidth = 3;
        ctx.strokeText(l, d.x, y);
        ctx.fillStyle = i === sel ? "#000000" : "#222222";
        ctx.fillText(l, d.x, y);
      });
    });
    ctx.restore();
    X.labelBoxes = boxes;
    X.labelsCut = cut;   // left out because they would cross the canvas edge
  }
  network.on("afterDrawing", drawLabels);

  // ------------------------------------------------------------------ layout and ready
  X.layouts = 0;
  X.layoutPending = false;
  var layingOut = false, layoutAgain = false, relayoutTimer = null;
  // Re-lay out what is shown: vis-network's physics (Barnes-Hut) from the current
  // positions, frozen after at most 300 iterations, then fit to the screen. Above
  // RELAYOUT_MAX shown entities the positions are kept (precomputed by networkx).
  // After the physics, the connected parts of what is shown are packed: the largest
  // stays, the others are laid in rows under it (physics alone pushes small parts far
  // out, and the view would be fitted to them).
  function packComponents() {
    var ids = X.visibleNodeIds();
    if (ids.length < 3) { return; }
    var pos = network.getPositions(ids), parent = {};
    function find(x) { while (parent[x] !== x) { parent[x] = parent[parent[x]]; x = parent[x]; } return x; }
    ids.forEach(function (id) { parent[id] = id; });
    visibleEdge.forEach(function (v, j) {
      if (!v) { return; }
      var a = find(N[E[j].f].id), b = find(N[E[j].t].id);
      if (a !== b) { parent[a] = b; }
    });
    var comps = {};
    ids.forEach(function (id) { (comps[find(id)] = comps[find(id)] || []).push(id); });
    var parts = Object.keys(comps).map(function (k) {
      var m = comps[k], box = {x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity};
      m.forEach(function (id) {
        var p = pos[id], r = nodeSize(indexOfId[id]) + 40;
        box.x0 = Math.min(box.x0, p.x - r); box.x1 = Math.max(box.x1, p.x + r);
        box.y0 = Math.min(box.y0, p.y - r); box.y1 = Math.max(box.y1, p.y + r + 30);
      });
      return {ids: m, box: box, w: box.x1 - box.x0, h: box.y1 - box.y0};
    });
    if (parts.length < 2) { return; }
    parts.sort(function (a, b) { return (b.ids.length - a.ids.length) || (b.w * b.h - a.w * a.h); });
    var main = parts[0].box, area = 0;
    parts.forEach(function (c) { area += c.w * c.h; });
    var width = Math.max(main.x1 - main.x0, Math.sqrt(area));
    var x = main.x0, y = main.y1 + 20, rowH = 0;
    parts.slice(1).forEach(function (c) {
      if (x > main.x0 && x + c.w > main.x0 + width) { x = main.x0; y += rowH + 10; rowH = 0; }
      var dx = x - c.box.x0, dy = y - c.box.y0;
      c.ids.forEach(function (id) { network.moveNode(id, pos[id].x + dx, pos[id].y + dy); });
      x += c.w + 10;
      rowH = Math.max(rowH, c.h);
    });
  }
  function relayout(done) {
    function finish() {
      layingOut = false;
      packComponents();
      network.fit({animation: false});
      network.once("afterDrawing", function () {
        X.layouts++;
        if (layoutAgain) { layoutAgain = false; relayout(done); return; }
        X.layoutPending = relayoutTimer !== null;
        if (done) { done(); }
      });
      network.redraw();
    }
    if (layingOut) { layoutAgain = true; return; }
    X.layoutPending = true;
    if (shownNodes < 2 || shownNodes > RELAYOUT_MAX) { finish(); return; }
    layingOut = true;
    network.setOptions({physics: {enabled: true}});
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
      finish();
    });
    network.stabilize(shownNodes > 400 ? 150 : 300);
  }
  function scheduleRelayout() {
    X.layoutPending = true;
    if (relayoutTimer) { clearTimeout(relayoutTimer); }
    relayoutTimer = setTimeout(function () { relayoutTimer = null; relayout(); }, 120);
  }
  X.relayout = relayout;

  var indexOfId = {};
  N.forEach(function (n, i) { indexOfId[n.id] = i; });
  function markReady() {
    if (X.ready) { return; }
    X.ready = true;
    X.readyAt = performance.now();
    document.body.setAttribute("data-nz-ready", "1");
    var i = pendingSelect !== null ? pendingSelect : (D.focus ? indexOfId[D.focus] : undefined);
    if (pendingPath !== null) {
      openPath(pendingPath);
    } else if (i !== undefined && i !== null && i >= 0) {
      selectNode(i, true);
    } else if (pendingEdge !== null && visibleEdge[pendingEdge]) {
      selectEdge(pendingEdge);
    }
    saveHash();
  }
  var pendingSelect = null, pendingEdge = null, pendingPath = null;   // from the URL hash
  function start() {
    if ((D.physics || state.top > 0) && shownNodes <= RELAYOUT_MAX && shownNodes > 1) {
      relayout(markReady);
    } else {
      network.fit({animation: false});
      network.once("afterDrawing", markReady);
      network.redraw();
      if (shownNodes === 0) { setTimeout(markReady, 0); }
    }
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
  var visibleEdge = E.map(function () { return false; });
  var visibleNode = N.map(function () { return false; });
  var hiddenInfo = {candidates: 0, pairs: 0, ranked: 0, loose: 0};
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
  function selectedNodeIndex() {
    return state.selected && state.selected.kind === "node" ? state.selected.i : -1;
  }
  // What is shown: the entities with an article edge that passes the filters; in the
  // overview (state.top > 0) only the state.top most central of them (by the size
  // centrality), entities of isolated pairs folded away, and those left with no edge to
  // another shown entity dropped; searched, selected and expanded entities always shown.
  function computeVisibility() {
    var cand = N.map(function () { return false; });
    var pass = E.map(function (e) {
      if (e.kb) { return false; }
      var v = articleEdgeVisible(e);
      if (v) { cand[e.f] = true; cand[e.t] = true; }
      return v;
    });
    if (N.length === 1) { cand[0] = cand[0] || state.classes[N[0].c] === true; }
    var keep = cand.slice(), sel = selectedNodeIndex();
    var info = {candidates: cand.filter(Boolean).length, pairs: 0, ranked: 0, loose: 0};
    if (state.top > 0) {
      var parent = N.map(function (n, i) { return i; });
      var find = function (x) {
        while (parent[x] !== x) { parent[x] = parent[parent[x]]; x = parent[x]; }
        return x;
      };
      E.forEach(function (e, j) {
        if (pass[j]) { var a = find(e.f), b = find(e.t); if (a !== b) { parent[a] = b; } }
      });
      var compSize = {};
      cand.forEach(function (c, i) { if (c) { var r = find(i); compSize[r] = (compSize[r] || 0) + 1; } });
      var forced = function (i) { return state.extra[i] === true || i === sel; };
      var ranked = [];
      // forced entities take their own slot in the top, so showing one hides no other
      rankOrder.forEach(function (i) {
        if (!cand[i]) { return; }
        var f = forced(i);
        keep[i] = false;
        if (compSize[find(i)] <= 2) {
          if (f) { keep[i] = true; } else { info.pairs++; }
        } else if (ranked.length < state.top) {
          ranked.push(i);
          keep[i] = true;
        } else if (f) {
          keep[i] = true;
        } else {
          info.ranked++;
        }
      });
      var linked = N.map(function () { return false; });
      E.forEach(function (e, j) {
        if (pass[j] && keep[e.f] && keep[e.t] && e.f !== e.t) { linked[e.f] = true; linked[e.t] = true; }
      });
      var slots = 0;
      keep.forEach(function (v, i) {
        if (v && !linked[i] && !forced(i)) { keep[i] = false; slots++; info.loose++; }
      });
      // their slots go to the next most central entities related to one shown
      rankOrder.forEach(function (i) {
        if (!slots || keep[i] || !cand[i] || compSize[find(i)] <= 2) { return; }
        var near = nodeEdges[i].some(function (j) {
          var e = E[j];
          return pass[j] && e.f !== e.t && keep[e.f === i ? e.t : e.f];
        });
        if (near) { keep[i] = true; slots--; info.ranked--; }
      });
    }
    var show = E.map(function (e, j) {
      if (e.kb) { return state.kb && state.preds[e.p] === true && keep[e.f] && keep[e.t]; }
      return pass[j] && keep[e.f] && keep[e.t];
    });
    return {nodes: keep, edges: show, info: info};
  }
  // bring the vis-network data sets in line with what is shown; the number of entities added or removed
  function syncData(nextNode, nextEdge) {
    var remE = [], addE = [], remN = [], addN = [], remIdx = [];
    var oldN = visibleNode, oldE = visibleEdge;
    E.forEach(function (e, j) { if (oldE[j] && !nextEdge[j]) { remE.push("e" + j); } });
    N.forEach(function (n, i) { if (oldN[i] && !nextNode[i]) { remN.push(n.id); remIdx.push(i); } });
    if (remIdx.length) {
      var pos = network.getPositions(remN);
      remIdx.forEach(function (i) { if (pos[N[i].id]) { lastPos[i] = pos[N[i].id]; } });
    }
    visibleNode = nextNode;
    visibleEdge = nextEdge;
    shownNodes = nextNode.filter(Boolean).length;
    var oldShownEdges = shownEdges;
    shownEdges = nextEdge.filter(Boolean).length;
    N.forEach(function (n, i) { if (nextNode[i] && !oldN[i]) { addN.push(nodeItem(i)); } });
    E.forEach(function (e, j) { if (nextEdge[j] && !oldE[j]) { addE.push(edgeItem(j)); } });
    if (remE.length) { edges.remove(remE); }
    if (remN.length) { nodes.remove(remN); }
    if (addN.length) { nodes.add(addN); }
    if (addE.length) { edges.add(addE); }
    if ((oldShownEdges <= EDGE_LABELS_SHOWN) !== (shownEdges <= EDGE_LABELS_SHOWN)) { refreshEdgeLabels(); }
    return remN.length + addN.length;
  }
  function applyFilters(keepLayout) {
    var v = computeVisibility();
    hiddenInfo = v.info;
    var changed = syncData(v.nodes, v.edges);
    refreshFocus();
    updateCounts();
    updateOverviewNote();
    if (state.selected) { rerenderPanel(); }
    if (typeof renderList === "function" && listBox && listBox.open) { renderList(); }
    if (changed && X.ready && keepLayout !== true) { scheduleRelayout(); }
    saveHash();
  }
  X.applyFilters = applyFilters;
  X.visibleCounts = function () {
    return {nodes: shownNodes, edges: shownEdges};
  };
  X.hiddenCounts = function () { return hiddenInfo; };
  X.visibleEdgeIndices = function () {
    var out = [];
    visibleEdge.forEach(function (v, j) { if (v) { out.push(j); } });
    return out;
  };
  X.visibleNodeIds = function () {
    var out = [];
    visibleNode.forEach(function (v, i) { if (v) { out.push(N[i].id); } });
    return out;
  };

  // selection: the neighbourhood of the selected entity (or the ends of the selected
  // relation) keeps its colours, the rest is dimmed
  function refreshFocus() {
    var s = state.selected, nextN = null, nextE = null;
    if (s && s.kind === "node" && visibleNode[s.i]) {
      nextN = {};
      nextE = {};
      nextN[s.i] = true;
      nodeEdges[s.i].forEach(function (j) {
        if (visibleEdge[j]) { nextN[E[j].f] = true; nextN[E[j].t] = true; nextE[j] = true; }
      });
    } else if (s && s.kind === "edge" && visibleEdge[s.j]) {
      nextN = {};
      nextE = {};
      nextN[E[s.j].f] = true;
      nextN[E[s.j].t] = true;
      nextE[s.j] = true;
    } else if (s && s.kind === "path") {
      nextN = {};
      nextE = {};
      s.nodes.forEach(function (i) { nextN[i] = true; });
      pathEdges(s.nodes).forEach(function (js) { js.forEach(function (j) { nextE[j] = true; }); });
    }
    var prevN = focusSet, prevE = focusEdges;
    focusSet = nextN;
    focusEdges = nextE;
    var nu = [], eu = [];
    visibleNode.forEach(function (v, i) {
      if (!v) { return; }
      var was = prevN !== null && !prevN[i];
      if (was !== dimmedNode(i)) { nu.push({id: N[i].id, color: nodeColourItem(i)}); }
    });
    visibleEdge.forEach(function (v, j) {
      if (!v) { return; }
      var was = prevE !== null && !prevE[j], wasLabel = prevE !== null ? prevE[j] === true : shownEdges <= EDGE_LABELS_SHOWN;
      if (was !== dimmedEdge(j) || wasLabel !== edgeLabelOn(j)) {
        var st = edgeStyle(j);
        eu.push({id: "e" + j, color: st.color, label: st.label, font: st.font});
      }
    });
    if (nu.length) { nodes.update(nu); }
    if (eu.length) { edges.update(eu); }
    mapChanged();
  }
  X.dimmed = function () {
    var out = [];
    visibleNode.forEach(function (v, i) { if (v && dimmedNode(i)) { out.push(N[i].id); } });
    return out;
  };

  // in-page expansion: the neighbours of an entity (through relations that pass the
  // filters) are shown around it; the number added
  function hiddenNeighbours(i) {
    var out = [];
    nodeEdges[i].forEach(function (j) {
      var e = E[j];
      if (e.kb || !articleEdgeVisible(e)) { return; }
      var o = e.f === i ? e.t : e.f;
      if (!visibleNode[o] && out.indexOf(o) < 0) { out.push(o); }
    });
    return out;
  }
  function expand(i) {
    var add = hiddenNeighbours(i);
    var id = N[i].id, c = visibleNode[i] ? network.getPositions([id])[id] : null;
    c = c || lastPos[i] || {x: N[i].x, y: N[i].y};
    var radius = 130 + 18 * Math.sqrt(add.length);
    state.extra[i] = true;
    add.forEach(function (o, k) {
      var a = 2 * Math.PI * k / add.length;
      lastPos[o] = {x: c.x + radius * Math.cos(a), y: c.y + radius * Math.sin(a)};
      state.extra[o] = true;
    });
    applyFilters(true);
    if (state.selected && state.selected.kind === "node" && state.selected.i === i) { showNode(i); }
    return add.length;
  }
  X.expand = function (id) { return expand(indexOfId[id]); };

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
    // what the limits of `nufuz view` left out of this page
    var om = D.omitted || {};
    if (om.entities) { text += " \u2014 " + tr(D.focus ? "hEgoCap" : "hOverviewCap", fmt(N.length), fmt(om.within)); }
    if (om.evidence) {
      text += " \u2014 " + tr("hEvidenceCap", fmt(S.length - om.evidence), fmt(S.length)).replace("{k}", fmt(om.maxEvidence));
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
  // what the overview leaves out, under View
  var overviewNote = null;
  function updateOverviewNote() {
    if (!overviewNote) { return; }
    var h = hiddenInfo, parts = [];
    if (state.top > 0) {
      parts.push(tr("ovShown", fmt(shownNodes), fmt(h.candidates)));
      if (h.ranked + h.loose) { parts.push(tr("ovRanked", fmt(h.ranked + h.loose))); }
      if (h.pairs) { parts.push(tr("ovPairs", fmt(h.pairs))); }
    }
    overviewNote.textContent = parts.join(" \u00b7 ");
  }

  function refreshNodes() {
    var upd = [];
    visibleNode.forEach(function (v, i) {
      if (v) { upd.push({id: N[i].id, color: nodeColourItem(i), size: nodeSize(i)}); }
    });
    nodes.update(upd);
  }
  function refreshEdgeLabels() {
    var upd = [];
    visibleEdge.forEach(function (v, j) {
      if (!v) { return; }
      var st = edgeStyle(j);
      upd.push({id: "e" + j, title: edgeTitle(j), label: st.label, font: st.font});
    });
    edges.update(upd);
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
  // a statement with x: 1 is in the page without its evidence (nufuz view --max-evidence):
  // counted, filtered and dated like the others, not listed
  function appendStatements(list, ks) {
    var shown = 0, hidden = 0, absent = 0, rest = [];
    ks.forEach(function (k) {
      var st = S[k];
      if (!statementPasses(st)) { hidden++; return; }
      if (st.x) { absent++; return; }
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
    if (absent) { list.appendChild(el("div", "nz-note nz-absent", tr("notInPage", absent))); }
    return {shown: shown, hidden: hidden, absent: absent};
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
    setSelected({kind: "node", i: i});
    clearPanel();
    var n = N[i];
    nodeHeader(n);
    var more = hiddenNeighbours(i);
    if (more.length) {
      var xb = el("button", "nz-btn nz-expand", tr("expand", more.length));
      xb.addEventListener("click", function () { expand(i); });
      panel.appendChild(xb);
    }
    var js = nodeEdges[i].slice().sort(function (a, b) {
      return (E[a].kb - E[b].kb) || (E[b].st.length - E[a].st.length) || (a - b);
    });
    var total = 0, hidden = 0;
    panel.appendChild(el("h3", null, tr("statements")));
    js.forEach(function (j) {
      var e = E[j];
      if (e.kb || !visibleEdge[j]) { hidden += e.st.length; return; }
      var h = edgeHeading(j);
      keyClick(h, function () { selectEdge(j); });
      panel.appendChild(h);
      var r = appendStatements(panel, e.st);
      total += r.shown + r.absent;
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
    setSelected({kind: "edge", j: j});
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
    if (!s) { emptyPanel(); } else if (s.kind === "node") { showNode(s.i); }
    else if (s.kind === "path") { showPath(s.nodes); } else { showEdge(s.j); }
  }
  function setSelected(sel) {
    var before = JSON.stringify(state.selected);
    state.selected = sel;
    if (JSON.stringify(sel) !== before) {
      refreshFocus();
      network.redraw();
      saveHash();
    }
  }
  // show an entity that passes the filters but is outside the overview, near its shown
  // neighbours
  function reveal(i) {
    if (visibleNode[i]) { return true; }
    var near = [], ok = false;
    nodeEdges[i].forEach(function (j) {
      var e = E[j];
      if (e.kb || !articleEdgeVisible(e)) { return; }
      ok = true;
      var o = e.f === i ? e.t : e.f;
      if (visibleNode[o]) { near.push(N[o].id); }
    });
    if (!ok) { return false; }
    if (near.length) {
      var pos = network.getPositions(near), x = 0, y = 0;
      near.forEach(function (id) { x += pos[id].x; y += pos[id].y; });
      lastPos[i] = {x: x / near.length + 60, y: y / near.length + 60};
    } else {
      lastPos[i] = network.getViewPosition();
    }
    state.extra[i] = true;
    applyFilters(true);
    return visibleNode[i];
  }
  function selectNode(i, focus) {
    reveal(i);
    if (visibleNode[i]) { network.selectNodes([N[i].id]); } else { network.unselectAll(); }
    if (focus && visibleNode[i]) {
      network.focus(N[i].id, {scale: Math.max(network.getScale(), 1.0), animation: {duration: 300}});
    }
    showNode(i);
  }
  function selectEdge(j) {
    if (visibleEdge[j]) {
      network.setSelection({nodes: [], edges: ["e" + j]}, {unselectAll: true, highlightEdges: false});
    }
    showEdge(j);
  }
  function clearSelection() {
    network.unselectAll();
    setSelected(null);
    emptyPanel();
  }
  X.showNode = showNode;
  X.showEdge = showEdge;
  X.selectNode = selectNode;
  X.clearSelection = clearSelection;
  // the entity under a point (canvas coordinates): among the shown entities whose shape
  // contains the point, the one whose centre is nearest; -1 if none
  function nodeAt(point) {
    var ids = [];
    visibleNode.forEach(function (v, i) { if (v) { ids.push(N[i].id); } });
    var pos = network.getPositions(ids), scale = network.getScale();
    var best = -1, bestD = Infinity;
    ids.forEach(function (id) {
      var i = indexOfId[id], p = pos[id];
      var d = Math.sqrt((p.x - point.x) * (p.x - point.x) + (p.y - point.y) * (p.y - point.y));
      if (d <= nodeSize(i) * 1.1 + 3 / scale && d < bestD) { best = i; bestD = d; }
    });
    return best;
  }
  X.nodeAt = function (x, y) {
    var i = nodeAt(network.DOMtoCanvas({x: x, y: y}));
    return i < 0 ? null : N[i].id;
  };
  network.on("click", function (params) {
    var i = nodeAt(params.pointer.canvas);
    if (i >= 0) {
      network.selectNodes([N[i].id]);
      showNode(i);
    } else if (params.edges.length) {
      selectEdge(Number(String(params.edges[0]).slice(1)));
    } else {
      clearSelection();
    }
  });
  // double click on an entity: its hidden neighbours (the DOM event: vis-network's
  // doubleClick needs its tap recogniser's timing)
  container.addEventListener("dblclick", function (ev) {
    var r = container.getBoundingClientRect();
    var i = nodeAt(network.DOMtoCanvas({x: ev.clientX - r.left, y: ev.clientY - r.top}));
    if (i >= 0) { expand(i); }
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
      msg.textContent = notFound(query);
      return null;
    }
    state.query = query;
    selectNode(i, true);
    msg.textContent = visibleNode[i] ? "" : tr("hiddenByFilters");
    return N[i].id;
  }
  X.findNode = findNode;
  X.focusByName = focusByName;
  // close names for a typo: edit distance over the Arabic and English labels (as the CLI's
  // difflib suggestions), up to three, the most central first among equals
  function editDistance(a, b, cap) {
    if (Math.abs(a.length - b.length) > cap) { return cap + 1; }
    var prev = [], cur, k, m;
    for (k = 0; k <= b.length; k++) { prev.push(k); }
    for (m = 1; m <= a.length; m++) {
      cur = [m];
      var low = m;
      for (k = 1; k <= b.length; k++) {
        cur.push(Math.min(prev[k] + 1, cur[k - 1] + 1, prev[k - 1] + (a[m - 1] === b[k - 1] ? 0 : 1)));
        low = Math.min(low, cur[k]);
      }
      if (low > cap) { return cap + 1; }
      prev = cur;
    }
    return prev[b.length];
  }
  function closeNames(query) {
    var q = norm(query), cap = Math.max(1, Math.floor(q.length / 3)), found = [], seen = {};
    names.forEach(function (t) {
      if (t[2] !== 0) { return; }
      var d = editDistance(q, t[0], cap);
      if (d <= cap) { found.push([d, -(N[t[1]].pr || N[t[1]].deg || 0), t[1]]); }
    });
    found.sort(function (a, b) { return (a[0] - b[0]) || (a[1] - b[1]) || (a[2] - b[2]); });
    var out = [];
    found.forEach(function (f) {
      var name = labelPair([N[f[2]].ar, N[f[2]].en], panelLang());
      if (out.length < 3 && !seen[name]) { seen[name] = 1; out.push(name); }
    });
    return out;
  }
  X.closeNames = closeNames;
  function notFound(query) {
    var close = closeNames(query);
    return tr("noEntity", query) + (close.length ? tr("didYouMean", close.join(state.lang === "ar" ? "\u060c " : ", ")) : "");
  }

  // ------------------------------------------------------------------ paths
  // The shortest chain of article relations between two entities, either direction, over
  // the relations that pass the filters (breadth-first; kg/paths.py does the same in Python
  // for any size). The chain is shown, the rest dimmed, and each hop's statements with
  // their evidence are listed in the panel.
  function findPath(a, b) {
    var prev = {}, queue = [a], head = 0;
    prev[a] = -1;
    while (head < queue.length) {
      var i = queue[head++];
      if (i === b) { break; }
      var js = nodeEdges[i];
      for (var k = 0; k < js.length; k++) {
        var e = E[js[k]];
        if (e.kb || e.f === e.t || !articleEdgeVisible(e)) { continue; }
        var o = e.f === i ? e.t : e.f;
        if (!(o in prev)) { prev[o] = i; queue.push(o); }
      }
    }
    if (!(b in prev)) { return null; }
    var path = [b];
    while (path[0] !== a) { path.unshift(prev[path[0]]); }
    return path;
  }
  // the article edges (passing the filters) between consecutive entities of a chain
  function pathEdges(path) {
    var out = [];
    for (var k = 0; k + 1 < path.length; k++) {
      var u = path[k], v = path[k + 1];
      out.push(nodeEdges[u].filter(function (j) {
        var e = E[j];
        return !e.kb && ((e.f === u && e.t === v) || (e.f === v && e.t === u)) && articleEdgeVisible(e);
      }).sort(function (x, y) { return (E[y].st.length - E[x].st.length) || (x - y); }));
    }
    return out;
  }
  function showPath(path) {
    var hops = pathEdges(path);
    setSelected({kind: "path", nodes: path});
    clearPanel();
    var h2 = el("h2", null, tr("pathTitle", path.length - 1));
    h2.id = "nz-path-title";
    panel.appendChild(h2);
    var line = el("div", "nz-sub");
    line.setAttribute("dir", state.lang === "ar" ? "rtl" : "ltr");
    path.forEach(function (i, k) {
      if (k) { line.appendChild(document.createTextNode(" \u2014 ")); }
      line.appendChild(bdi(labelPair([N[i].ar, N[i].en], panelLang())));
    });
    panel.appendChild(line);
    var list = el("ol", "nz-hops");
    hops.forEach(function (js) {
      var li = el("li", "nz-hop");
      js.forEach(function (j) {
        var h = edgeHeading(j);
        keyClick(h, function () { selectEdge(j); });
        li.appendChild(h);
        appendStatements(li, E[j].st);
      });
      list.appendChild(li);
    });
    panel.appendChild(list);
  }
  function pathByName(from, to) {
    var msg = document.getElementById("nz-path-msg");
    var a = findNode(from), b = findNode(to);
    if (a < 0 || b < 0) { msg.textContent = notFound(a < 0 ? from : to); return null; }
    if (a === b) { msg.textContent = tr("pathSame"); return null; }
    var path = findPath(a, b);
    if (!path) { msg.textContent = tr("pathNone"); return null; }
    return drawPath(path);
  }
  // a chain read from the URL hash (entity indices): drawn as it is when each hop still has
  // a relation that passes the filters, else the shortest chain between its two ends; the
  // path fields get the two ends' names
  function openPath(chain) {
    var msg = document.getElementById("nz-path-msg");
    var a = chain[0], b = chain[chain.length - 1];
    pathFrom.value = labelPair([N[a].ar, N[a].en], panelLang());
    pathTo.value = labelPair([N[b].ar, N[b].en], panelLang());
    var seen = {}, whole = chain.every(function (i) { var ok = !seen[i]; seen[i] = true; return ok; }) &&
      pathEdges(chain).every(function (js) { return js.length > 0; });
    var path = whole ? chain : (a === b ? null : findPath(a, b));
    if (!path) { msg.textContent = tr(a === b ? "pathSame" : "pathNone"); return null; }
    return drawPath(path);
  }
  // show a chain (entity indices): its entities revealed, the rest dimmed, its hops listed
  function drawPath(path) {
    var msg = document.getElementById("nz-path-msg");
    msg.textContent = "";
    path.forEach(function (i) { reveal(i); });
    network.unselectAll();
    showPath(path);
    var ids = path.map(function (i) { return N[i].id; });
    if (ids.every(function (id, k) { return visibleNode[path[k]]; })) { fitWithLabels(path); }
    return ids;
  }
  // glide to a view that holds entities i (indices) with their labels whole: drawLabels
  // leaves out a label that would cross the canvas edge, and a plain fit puts the outer
  // entities on it
  var measureCtx = null;
  function fitWithLabels(list) {
    var ids = list.map(function (i) { return N[i].id; });
    var before = {position: network.getViewPosition(), scale: network.getScale()};
    network.fit({nodes: ids, animation: false});
    var s0 = network.getScale(), pos = network.getPositions(ids);
    network.moveTo(before);
    var w = container.clientWidth, h = container.clientHeight;
    var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    ids.forEach(function (id) {
      x0 = Math.min(x0, pos[id].x); x1 = Math.max(x1, pos[id].x);
      y0 = Math.min(y0, pos[id].y); y1 = Math.max(y1, pos[id].y);
    });
    var cx = (x0 + x1) / 2, cy = (y0 + y1) / 2, k = s0;
    measureCtx = measureCtx || document.createElement("canvas").getContext("2d");
    list.forEach(function (i) {
      var p = pos[N[i].id], r = nodeSize(i) * s0, text = labelOf(i) || "";
      var fs = Math.round(11 + Math.min(4, nodeSize(i) / 8)), lh = Math.round(fs * 1.25), tw = 0;
      measureCtx.font = fs + "px " + LABEL_FONT;
      text.split("\n").forEach(function (l) { tw = Math.max(tw, measureCtx.measureText(l).width); });
      var half = Math.max(tw / 2 + 6, r + 4), below = r + 8 + lh * text.split("\n").length;
      var dx = Math.abs(p.x - cx), dy = p.y - cy;
      if (dx > 0) { k = Math.min(k, (w / 2 - half) / dx); }
      if (dy > 0) { k = Math.min(k, (h / 2 - below) / dy); }
      if (dy < 0) { k = Math.min(k, (h / 2 - r - 4) / -dy); }
    });
    network.moveTo({position: {x: cx, y: cy}, scale: Math.max(0.05, k), animation: {duration: 300}});
  }
  X.findPath = pathByName;
  X.pathIds = function () {
    var s = state.selected;
    return s && s.kind === "path" ? s.nodes.map(function (i) { return N[i].id; }) : null;
  };
  X.pathEdges = function () {
    var s = state.selected;
    return s && s.kind === "path" ? pathEdges(s.nodes).map(function (js) { return js.map(function (j) { return "e" + j; }); }) : [];
  };
  // Enter and Space on a clickable heading do what the click does
  function keyClick(x, fn) {
    x.tabIndex = 0;
    x.setAttribute("role", "button");
    x.addEventListener("click", fn);
    x.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); fn(); }
    });
  }

  // ------------------------------------------------------------------ URL hash
  // The view's state in the URL hash (search, selection, filters, labels, colour, size,
  // overview, time range, path), so a link or a reload opens the same view:
  // #q=Iran&sel=<IRI>&lang=ar&hide=opposes,attacks&from=2015-01-01&to=2015-12-31&top=0
  // (a path: path=<IRI>+<IRI>+... its chain from one end to the other, in place of sel)
  var defaultSize = state.sizeBy, hashReady = false;
  function hashState() {
    var p = new URLSearchParams();
    if (state.query) { p.set("q", state.query); }
    var s = state.selected;
    if (s && s.kind === "node") { p.set("sel", N[s.i].id); }
    if (s && s.kind === "edge") { p.set("edge", String(s.j)); }
    if (s && s.kind === "path") { p.set("path", s.nodes.map(function (i) { return N[i].id; }).join(" ")); }
    if (state.lang !== "both") { p.set("lang", state.lang); }
    if (state.colourBy !== "class") { p.set("colour", state.colourBy); }
    if (state.sizeBy !== defaultSize) { p.set("size", state.sizeBy); }
    var off = Object.keys(state.preds).filter(function (k) { return !state.preds[k]; });
    if (off.length) { p.set("hide", off.join(",")); }
    var offc = Object.keys(state.classes).filter(function (k) { return !state.classes[k]; });
    if (offc.length) { p.set("hidec", offc.map(function (c) { return c || "-"; }).join(",")); }
    if (!state.kb) { p.set("kb", "0"); }
    if (state.article >= 0) { p.set("article", A[state.article][0]); }
    if (state.outlet >= 0) { p.set("outlet", D.outlets[state.outlet]); }
    if (state.from) { p.set("from", state.from); }
    if (state.to) { p.set("to", state.to); }
    if (!state.undated) { p.set("undated", "0"); }
    if (state.minConf > 0) { p.set("conf", String(state.minConf)); }
    if (state.top !== (D.overview || 0)) { p.set("top", String(state.top)); }
    var extra = Object.keys(state.extra).map(function (i) { return N[i].id; });
    if (extra.length && extra.length <= 200) { p.set("show", extra.join(" ")); }
    if (state.view === "map") { p.set("view", "map"); }
    return p.toString();
  }
  function saveHash() {
    if (!hashReady) { return; }
    var h = hashState();
    if (h === location.hash.replace(/^#/, "")) { return; }
    try {
      history.replaceState(null, "", h ? "#" + h : location.pathname + location.search);
    } catch (err) {
      location.hash = h;
    }
  }
  function loadHash() {
    var h = location.hash.replace(/^#/, "");
    if (!h) { return; }
    var p = new URLSearchParams(h), v;
    if ((v = p.get("lang")) && /^(ar|en|both)$/.test(v)) { state.lang = v; }
    if ((v = p.get("colour")) && /^(class|community)$/.test(v)) { state.colourBy = v; }
    if ((v = p.get("size")) && (v === "none" || D.measures.indexOf(v) >= 0)) { state.sizeBy = v; rankNodes(); }
    (p.get("hide") || "").split(",").forEach(function (k) { if (k in state.preds) { state.preds[k] = false; } });
    (p.get("hidec") || "").split(",").forEach(function (k) {
      var c = k === "-" ? "" : k;
      if (k && c in state.classes) { state.classes[c] = false; }
    });
    if (p.get("kb") === "0") { state.kb = false; }
    if ((v = p.get("article"))) { state.article = A.findIndex(function (a) { return a[0] === v; }); }
    if ((v = p.get("outlet"))) { state.outlet = D.outlets.indexOf(v); }
    if ((v = p.get("from")) && /^\d{4}-\d{2}-\d{2}$/.test(v)) { state.from = v; }
    if ((v = p.get("to")) && /^\d{4}-\d{2}-\d{2}$/.test(v)) { state.to = v; }
    if (p.get("undated") === "0") { state.undated = false; }
    if ((v = Number(p.get("conf"))) > 0 && v <= 1) { state.minConf = v; }
    if (p.has("top") && Number(p.get("top")) >= 0) { state.top = Math.floor(Number(p.get("top"))); }
    (p.get("show") || "").split(" ").forEach(function (id) {
      if (id in indexOfId) { state.extra[indexOfId[id]] = true; }
    });
    if ((v = p.get("q"))) { state.query = v; }
    if ((v = p.get("sel")) && v in indexOfId) { pendingSelect = indexOfId[v]; }
    if ((v = p.get("edge")) && E[Number(v)]) { pendingEdge = Number(v); }
    if ((v = p.get("path"))) {
      var chain = v.split(" ").filter(function (id) { return id in indexOfId; })
        .map(function (id) { return indexOfId[id]; });
      if (chain.length >= 2) { pendingPath = chain; }
    }
    if (p.get("view") === "map" && mapBox) { state.view = "map"; }
  }
  X.hashState = hashState;

  // ------------------------------------------------------------------ exports
  function csvCell(v) {
    var s = v === null || v === undefined ? "" : String(v);
    return /[",\r\n]/.test(s) ? "\"" + s.replace(/"/g, "\"\"") + "\"" : s;
  }
  // the statements behind the shown relations that pass the filters, as CSV (columns
  // D.csvColumns: those of `nufuz export --format csv` that the page holds)
  function visibleCsv() {
    var rows = [D.csvColumns.join(",")];
    visibleEdge.forEach(function (v, j) {
      if (!v || E[j].kb) { return; }
      E[j].st.forEach(function (k) {
        var st = S[k];
        if (!statementPasses(st) || st.x) { return; }
        var art = st.a >= 0 ? A[st.a] : null;
        var rec = {
          subject_en: st.sl[1], subject_ar: st.sl[0], predicate: st.p, object_en: st.ol[1],
          object_ar: st.ol[0], mode: st.m, date: st.da ? "" : st.dt, confidence: st.cf,
          plover: st.pl, cameo: st.cm, location_en: st.loc, topic_en: st.top, evidence: st.ev,
          evidence_lang: st.lang, article: art ? art[0] : "", source: art ? art[2] : "",
          headline: art ? art[1] : "", reported_by_en: st.ou >= 0 ? D.outlets[st.ou] : "",
          attributed_to: st.at
        };
        rows.push(D.csvColumns.map(function (c) { return csvCell(rec[c]); }).join(","));
      });
    });
    return rows.join("\r\n") + "\r\n";
  }
  X.visibleCsv = visibleCsv;
  function download(name, blob) {
    var a = el("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 2000);
  }
  // the view as drawn (nodes, edges, labels) on white
  function viewCanvas() {
    var src = state.view === "map" && mapCanvas ? mapCanvas : container.querySelector("canvas");
    var c = document.createElement("canvas");
    c.width = src.width;
    c.height = src.height;
    var g = c.getContext("2d");
    g.fillStyle = "#ffffff";
    g.fillRect(0, 0, c.width, c.height);
    g.drawImage(src, 0, 0);
    return c;
  }
  X.viewPng = function () { return viewCanvas().toDataURL("image/png"); };

  // ------------------------------------------------------------------ time bins
  // The periods of the time slider: days when the dated statements (statement date, else
  // article date: d0) span at most 400 days, months up to 40 years, else years; every
  // period between the first and the last, with its number of statements (by start date).
  function timeBins() {
    var dates = [];
    S.forEach(function (st) { if (st.e >= 0 && /^\d{4}-\d{2}-\d{2}$/.test(st.d0) && st.d0 > "0000-12-31") { dates.push(st.d0); } });
    dates.sort();
    var out = {unit: "", keys: [], starts: [], ends: [], counts: []};
    if (!dates.length) { return out; }
    var lo = dates[0], hi = dates[dates.length - 1];
    var span = (Date.parse(hi + "T00:00:00Z") - Date.parse(lo + "T00:00:00Z")) / 864e5;
    var unit = out.unit = span <= 400 ? "day" : (span <= 40 * 366 ? "month" : "year");
    var len = unit === "day" ? 10 : (unit === "month" ? 7 : 4);
    var index = {};
    function push(key, s, e) { index[key] = out.keys.length; out.keys.push(key); out.starts.push(s); out.ends.push(e); out.counts.push(0); }
    var y = Number(lo.slice(0, 4)), m = Number(lo.slice(5, 7));
    if (unit === "day") {
      for (var t = Date.parse(lo + "T00:00:00Z"); t <= Date.parse(hi + "T00:00:00Z"); t += 864e5) {
        var d = new Date(t).toISOString().slice(0, 10);
        push(d, d, d);
      }
    } else if (unit === "month") {
      while (String(y).padStart(4, "0") + "-" + String(m).padStart(2, "0") <= hi.slice(0, 7)) {
        var k = String(y).padStart(4, "0") + "-" + String(m).padStart(2, "0");
        push(k, k + "-01", k + "-31");
        m += 1;
        if (m > 12) { m = 1; y += 1; }
      }
    } else {
      for (; y <= Number(hi.slice(0, 4)); y++) {
        var yk = String(y).padStart(4, "0");
        push(yk, yk + "-01-01", yk + "-12-31");
      }
    }
    dates.forEach(function (d) { out.counts[index[d.slice(0, len)]]++; });
    return out;
  }

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
  // a control row: its caption is the <label> of the control (screen readers name it)
  function row(parent, label, input) {
    var r = el("div", "nz-row");
    var l = caption(el("label"), label);
    if (input.id) { l.htmlFor = input.id; }
    r.appendChild(l);
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

  loadHash();

  // search
  var sec = section("Search", true);
  var input = el("input");
  input.type = "search";
  input.id = "nz-search";
  input.placeholder = "Arabic or English name, e.g. \u0631\u0648\u0633\u064a\u0627 / Russia";
  input.setAttribute("list", "nz-names");
  input.setAttribute("dir", "auto");
  input.setAttribute("aria-label", tr("searchLabel"));
  input.setAttribute("aria-describedby", "nz-search-msg");
  input.value = state.query;
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
  var searchMsg = sec.appendChild(el("div", null));
  searchMsg.id = "nz-search-msg";
  searchMsg.setAttribute("role", "status");

  // path between two entities
  sec = section("Path", true);
  sec.id = "nz-path";
  var pathFrom = el("input"), pathTo = el("input");
  [[pathFrom, "nz-path-from"], [pathTo, "nz-path-to"]].forEach(function (x) {
    x[0].type = "search";
    x[0].id = x[1];
    x[0].setAttribute("list", "nz-names");
    x[0].setAttribute("dir", "auto");
    x[0].setAttribute("aria-describedby", "nz-path-msg");
    x[0].addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") { ev.preventDefault(); pathBtn.click(); }
    });
  });
  row(sec, "pathFrom", pathFrom);
  row(sec, "pathTo", pathTo);
  var pathBtn = caption(el("button", "nz-btn"), "findPath");
  pathBtn.id = "nz-path-find";
  pathBtn.addEventListener("click", function () { pathByName(pathFrom.value, pathTo.value); });
  sec.appendChild(pathBtn);
  var pathMsg = el("div", null);
  pathMsg.id = "nz-path-msg";
  pathMsg.setAttribute("role", "status");
  sec.appendChild(pathMsg);
  sec.appendChild(caption(el("div", "nz-note"), "pathHelp"));

  // view
  sec = section("View", true);
  row(sec, "Labels", select("nz-lang", [["both", "Arabic + English"], ["ar", "\u0639\u0631\u0628\u064a (Arabic)"],
                                        ["en", "English"]], state.lang, function (v) {
    state.lang = v; refreshEdgeLabels(); rerenderPanel(); recaption(); updateCounts(); updateOverviewNote();
    pageLanguage(); renderList(); mapChanged();
    network.redraw(); saveHash();
  }));
  row(sec, "Colour", select("nz-colour", [["class", "entity class"], ["community", "community (Louvain)"]],
                            state.colourBy, function (v) {
    state.colourBy = v; refreshNodes(); drawLegend(); mapChanged(); saveHash();
  }));
  var sizeChoices = [["pr", "PageRank"], ["dg", "degree"], ["bt", "betweenness"], ["none", "same size"]]
    .filter(function (c) { return c[0] === "none" || D.measures.indexOf(c[0]) >= 0; });
  row(sec, "Size", select("nz-size", sizeChoices, state.sizeBy, function (v) {
    state.sizeBy = v; rankNodes(); refreshNodes(); drawLegend();
    if (state.top > 0) { applyFilters(); } else { network.redraw(); saveHash(); }
  }));
  // the overview: how many of the most central entities are shown (0 = all)
  var topChoices = [[50, 50], [120, 120], [300, 300], [1000, "1,000"], [0, "all"]];
  if (D.overview && !topChoices.some(function (c) { return c[0] === D.overview; })) {
    topChoices.unshift([D.overview, D.overview]);
  }
  if (!topChoices.some(function (c) { return c[0] === state.top; })) { topChoices.unshift([state.top, state.top]); }
  row(sec, "Show", select("nz-top", topChoices.map(function (c) {
    return [c[0], c[0] ? c[1] + " most central" : "all entities"];
  }), state.top, function (v) { state.top = Number(v); applyFilters(); }));
  overviewNote = el("div", "nz-note");
  overviewNote.id = "nz-hidden";
  sec.appendChild(overviewNote);
  var fitBtn = caption(el("button", "nz-btn"), "fit");
  fitBtn.addEventListener("click", function () { network.fit({animation: {duration: 300}}); });
  sec.appendChild(fitBtn);
  var relayoutBtn = caption(el("button", "nz-btn"), "relayout");
  relayoutBtn.addEventListener("click", function () { relayout(); });
  sec.appendChild(relayoutBtn);
  var exp = el("div", "nz-row nz-export");
  var csvBtn = caption(el("button", "nz-btn"), "exportCsv");
  csvBtn.id = "nz-export-csv";
  if (D.omitted && D.omitted.evidence) { csvBtn.title = tr("csvOmitted", fmt(D.omitted.evidence)); }
  csvBtn.addEventListener("click", function () {
    download("nufuz-statements.csv", new Blob(["\ufeff" + visibleCsv()], {type: "text/csv;charset=utf-8"}));
  });
  var pngBtn = caption(el("button", "nz-btn"), "exportPng");
  pngBtn.id = "nz-export-png";
  pngBtn.addEventListener("click", function () {
    viewCanvas().toBlob(function (b) { download("nufuz-view.png", b); }, "image/png");
  });
  exp.appendChild(csvBtn);
  exp.appendChild(pngBtn);
  sec.appendChild(exp);

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
    var head = checkbox(g[0] + " (" + n + ")", preds.some(function (p) { return state.preds[p]; }), function (v) {
      preds.forEach(function (p) { state.preds[p] = v; });
      boxes.forEach(function (b) { b.checked = v; });
      applyFilters();
    }, line);
    box.appendChild(head.label);
    var sub = el("div", "nz-preds");
    preds.forEach(function (p) {
      var c = checkbox(D.predicates[p][1] + " (" + (predCount[p] || 0) + ")", state.preds[p], function (v) {
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
  var kbBox = checkbox("knowledge-base background (" + D.counts.background + ")", state.kb, function (v) {
    state.kb = v; applyFilters();
  }, kbLine);
  kbBox.box.id = "nz-kb";
  sec.appendChild(kbBox.label);
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
  })), state.article, function (v) { state.article = Number(v); applyFilters(); }));
  row(sec, "Outlet", select("nz-outlet", [[-1, "all outlets"]].concat(D.outlets.map(function (o, i) {
    return [i, o];
  })), state.outlet, function (v) { state.outlet = Number(v); applyFilters(); }));

  // time: a histogram of the statements per day, month or year (statement date, else
  // article date) and a two-handle slider over its periods; it sets the From/To filter
  var time = timeBins();
  X.timeBins = time;
  var timeBox = el("div", "nz-time");
  var hist = el("canvas");
  hist.id = "nz-hist";
  hist.width = 228;
  hist.height = 48;
  var tFrom = el("input"), tTo = el("input"), tOut = el("div", "nz-note");
  tFrom.type = tTo.type = "range";
  tFrom.id = "nz-time-from";
  tTo.id = "nz-time-to";
  tFrom.setAttribute("aria-label", tr("timeFrom"));
  tTo.setAttribute("aria-label", tr("timeTo"));
  hist.setAttribute("role", "img");
  hist.setAttribute("aria-label", tr("timeHelp"));
  tFrom.min = tTo.min = "0";
  tFrom.max = tTo.max = String(Math.max(0, time.keys.length - 1));
  tOut.id = "nz-time-range";
  var dFrom = el("input"), dTo = el("input");
  dFrom.type = dTo.type = "date";
  dFrom.id = "nz-from";
  dTo.id = "nz-to";
  dFrom.value = state.from;
  dTo.value = state.to;
  if (time.keys.length) {
    timeBox.appendChild(caption(el("div", "nz-note"), "timeHelp"));
    timeBox.appendChild(hist);
    timeBox.appendChild(tFrom);
    timeBox.appendChild(tTo);
    timeBox.appendChild(tOut);
    sec.appendChild(timeBox);
    dFrom.min = dTo.min = time.starts[0];
    dFrom.max = dTo.max = time.ends[time.ends.length - 1];
  }
  // slider handles from the From/To dates
  function syncSlider() {
    if (!time.keys.length) { return; }
    var a = 0, b = time.keys.length - 1;
    if (state.from) { while (a < b && time.ends[a] < state.from) { a++; } }
    if (state.to) { while (b > a && time.starts[b] > state.to) { b--; } }
    tFrom.value = String(a);
    tTo.value = String(b);
    tOut.textContent = time.keys[a] + " \u2013 " + time.keys[b];
    drawHistogram(a, b);
  }
  function drawHistogram(a, b) {
    var g = hist.getContext("2d"), n = time.keys.length, w = hist.width, h = hist.height;
    var mx = Math.max.apply(null, time.counts.concat([1]));
    g.clearRect(0, 0, w, h);
    for (var k = 0; k < n; k++) {
      var x0 = Math.floor(k * w / n), x1 = Math.max(x0 + 1, Math.floor((k + 1) * w / n) - (n < 60 ? 1 : 0));
      var bh = time.counts[k] ? Math.max(2, Math.round((h - 2) * Math.sqrt(time.counts[k] / mx))) : 0;
      g.fillStyle = k >= a && k <= b ? "#2f6fb5" : "#c9d6e6";
      g.fillRect(x0, h - bh, x1 - x0, bh);
    }
  }
  function onSlider() {
    var a = Number(tFrom.value), b = Number(tTo.value);
    if (a > b) { if (this === tFrom) { b = a; tTo.value = String(b); } else { a = b; tFrom.value = String(a); } }
    var full = a === 0 && b === time.keys.length - 1;
    state.from = full ? "" : time.starts[a];
    state.to = full ? "" : time.ends[b];
    dFrom.value = state.from;
    dTo.value = state.to;
    tOut.textContent = time.keys[a] + " \u2013 " + time.keys[b];
    drawHistogram(a, b);
    applyFilters();
  }
  tFrom.addEventListener("input", onSlider);
  tTo.addEventListener("input", onSlider);
  X.setTimeRange = function (a, b) {
    tFrom.value = String(a);
    tTo.value = String(b);
    onSlider.call(tTo);
  };
  dFrom.addEventListener("change", function () { state.from = dFrom.value; syncSlider(); applyFilters(); });
  dTo.addEventListener("change", function () { state.to = dTo.value; syncSlider(); applyFilters(); });
  row(sec, "From", dFrom);
  row(sec, "To", dTo);
  var undatedBox = checkbox("keep undated statements", state.undated, function (v) { state.undated = v; applyFilters(); });
  undatedBox.box.id = "nz-undated";
  sec.appendChild(undatedBox.label);
  var conf = el("input");
  conf.type = "range";
  conf.id = "nz-conf";
  conf.min = "0";
  conf.max = "1";
  conf.step = "0.05";
  conf.value = String(state.minConf);
  var confOut = el("span", "nz-count", state.minConf.toFixed(2));
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
    syncSlider();
    applyFilters();
  });
  sec.appendChild(reset);

  // ------------------------------------------------------------------ list view
  // The keyboard and screen-reader view beside the canvas: a table of the entities shown
  // (most central first; each name a button) and, for the one chosen with Enter, the list
  // of its statements with their evidence. Built when opened, kept in step with the filters.
  var LIST_MAX = 400;
  var listBox = document.getElementById("nz-list");
  var listBody = null, listStatements = null, listFor = -1;
  function listCaptions() {
    if (!listBox) { return; }
    listBox.querySelector("summary").textContent = tr("listView");
  }
  function renderList() {
    if (!listBox) { return; }
    listCaptions();
    if (!listBox.open) { return; }
    if (!listBody) {
      var table = el("table");
      table.id = "nz-list-entities";
      table.appendChild(el("caption", null, ""));
      var thead = el("thead"), tr0 = el("tr");
      thead.appendChild(tr0);
      table.appendChild(thead);
      listBody = el("tbody");
      table.appendChild(listBody);
      listBox.appendChild(table);
      listStatements = el("section");
      listStatements.id = "nz-list-statements";
      listStatements.setAttribute("aria-live", "polite");
      listBox.appendChild(listStatements);
    }
    var table2 = listBody.parentNode;
    table2.querySelector("caption").textContent = tr("listEntities");
    var head = table2.querySelector("thead tr");
    while (head.firstChild) { head.removeChild(head.firstChild); }
    tr("listCols").split("|").forEach(function (c) {
      var th = el("th", null, c);
      th.setAttribute("scope", "col");
      head.appendChild(th);
    });
    while (listBody.firstChild) { listBody.removeChild(listBody.firstChild); }
    var shown = rankOrder.filter(function (i) { return visibleNode[i]; });
    shown.slice(0, LIST_MAX).forEach(function (i) {
      var row2 = el("tr"), td = el("td");
      var b = el("button", "nz-list-entity", labelPair([N[i].ar, N[i].en], panelLang()));
      b.setAttribute("dir", "auto");
      b.setAttribute("data-id", N[i].id);
      b.addEventListener("click", function () { listStatementsOf(i, true); });
      td.appendChild(b);
      row2.appendChild(td);
      row2.appendChild(el("td", null, tr(N[i].c || "entity")));
      var nrel = nodeEdges[i].filter(function (j) { return !E[j].kb && visibleEdge[j]; }).length;
      row2.appendChild(el("td", null, String(nrel)));
      listBody.appendChild(row2);
    });
    if (shown.length > LIST_MAX) {
      var more = el("tr"), td2 = el("td", "nz-note", tr("listMore", shown.length - LIST_MAX));
      td2.colSpan = 3;
      more.appendChild(td2);
      listBody.appendChild(more);
    }
    if (listFor >= 0) { listStatementsOf(listFor, false); } else if (!listStatements.firstChild) {
      listStatements.appendChild(el("p", "nz-note", tr("listNone")));
    }
  }
  // the statements of entity i (relations passing the filters, then those not drawn) as an
  // ordered list; moveFocus: the keyboard focus goes to the list's heading
  function listStatementsOf(i, moveFocus) {
    listFor = i;
    if (moveFocus) { selectNode(i, true); }
    while (listStatements.firstChild) { listStatements.removeChild(listStatements.firstChild); }
    listStatements.setAttribute("dir", state.lang === "ar" ? "rtl" : "ltr");
    var h = el("h2", null, tr("listStatementsOf", labelPair([N[i].ar, N[i].en], panelLang())));
    h.tabIndex = -1;
    h.id = "nz-list-statements-title";
    listStatements.appendChild(h);
    var ol = el("ol");
    ol.setAttribute("aria-labelledby", h.id);
    var absent = 0;
    nodeEdges[i].forEach(function (j) {
      var e = E[j];
      if (e.kb || !visibleEdge[j]) { return; }
      e.st.forEach(function (k) {
        if (!statementPasses(S[k])) { return; }
        if (S[k].x) { absent++; return; }
        var li = el("li", "nz-list-st");
        li.appendChild(relationLine("div", "nz-sub", S[k].sl, S[k].p, S[k].ol, (D.predicates[S[k].p] || [])[3] === true));
        li.appendChild(statementElement(S[k]));
        ol.appendChild(li);
      });
    });
    nodeLoose[i].forEach(function (k) {
      if (!statementPasses(S[k])) { return; }
      var li = el("li", "nz-list-st");
      li.appendChild(statementElement(S[k]));
      ol.appendChild(li);
    });
    if (!ol.firstChild) { listStatements.appendChild(el("p", "nz-note", tr(absent ? "notInPage" : "noneShown", absent))); }
    listStatements.appendChild(ol);
    if (absent && ol.firstChild) { listStatements.appendChild(el("p", "nz-note nz-absent", tr("notInPage", absent))); }
    if (moveFocus) { h.focus(); }
  }
  if (listBox) { listBox.addEventListener("toggle", renderList); }
  // the skip link opens the list view and moves the focus there (the URL hash keeps the state)
  var skip = document.querySelector("a.nz-skip");
  if (skip && listBox) {
    skip.addEventListener("click", function (ev) {
      ev.preventDefault();
      listBox.open = true;
      renderList();
      listBox.querySelector("summary").focus();
    });
  }
  X.renderList = renderList;
  // ------------------------------------------------------------------ map
  // The map view (a toggle beside the graph, when the page has places with coordinates):
  // country outlines (Natural Earth 1:110m, inlined TopoJSON read with topojson-client) in
  // an equirectangular projection on a canvas; each shown entity that is a place with a
  // point (N[i].ll: schema:latitude/longitude of the KB) is a dot sized by the statements of
  // its shown relations that pass the filters; the shown presence, withdrawal and influence
  // relations (D.map.predicates) are drawn from the actor's point (its own, else its
  // country's: N[i].hm) to the place, skipped when either end has none. The filters, the
  // time slider and the selection drive it as they drive the graph; a click on a dot
  // selects the entity. Drag to pan, wheel or the buttons to zoom.
  var mapOn = false, mapCanvas = null, mapArea = null, mapPolys = [], mapView = null, mapModel = null;
  var mapDots = [], mapLinesDrawn = [], mapNote = null, mapFrame = 0, mapDirty = true;
  var MAP_PRED = {}, MAP_PLACE = {};
  ((D.map || {}).predicates || []).forEach(function (p) { MAP_PRED[p] = true; });
  ((D.map || {}).places || []).forEach(function (c) { MAP_PLACE[c] = true; });
  function mapSetup() {
    var atlas = document.getElementById("nz-atlas");
    if (!mapBox || !atlas || !window.topojson) { return false; }
    var topo = JSON.parse(atlas.textContent);
    topojson.feature(topo, topo.objects.countries).features.forEach(function (f) {
      if (!f.geometry || f.properties.name === "Antarctica") { return; }
      var polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
      // a ring that crosses the antimeridian (Russia, Fiji) continues past +-180 degrees
      // instead of jumping across the whole map
      polys.forEach(function (rings) {
        mapPolys.push(rings.map(function (ring) {
          var shift = 0, prev = null;
          return ring.map(function (pt) {
            if (prev !== null && Math.abs(pt[0] + shift - prev) > 180) { shift += pt[0] + shift > prev ? -360 : 360; }
            prev = pt[0] + shift;
            return [prev, pt[1]];
          });
        }));
      });
    });
    mapArea = el("div", "nz-map-area");
    mapBox.appendChild(mapArea);
    mapCanvas = el("canvas");
    mapCanvas.id = "nz-map-canvas";
    mapCanvas.setAttribute("role", "img");
    mapArea.appendChild(mapCanvas);
    var zoom = el("div", "nz-map-zoom");
    [["+", "zoomIn", function () { mapZoom(1.6); }], ["\u2212", "zoomOut", function () { mapZoom(1 / 1.6); }],
     [null, "mapFit", function () { mapFit(); mapDraw(); }]].forEach(function (b) {
      var x = el("button", "nz-btn");
      x.type = "button";
      if (b[0]) { x.textContent = b[0]; x.setAttribute("aria-label", tr(b[1])); x.title = tr(b[1]); } else { caption(x, b[1]); }
      x.setAttribute("data-map", b[1]);
      x.addEventListener("click", b[2]);
      zoom.appendChild(x);
    });
    mapArea.appendChild(zoom);
    mapNote = el("div", "nz-map-note");
    mapNote.id = "nz-map-note";
    mapBox.appendChild(mapNote);
    // pan by dragging, zoom with the wheel about the pointer; a click without a drag selects
    var drag = null;
    mapCanvas.addEventListener("mousedown", function (ev) {
      drag = {x: ev.clientX, y: ev.clientY, lon: mapView.lon, lat: mapView.lat, moved: false};
    });
    window.addEventListener("mousemove", function (ev) {
      if (drag) {
        var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
        if (Math.abs(dx) + Math.abs(dy) > 3) { drag.moved = true; }
        if (drag.moved) {
          mapView.lon = drag.lon - dx / mapView.k;
          mapView.lat = mapClampLat(drag.lat + dy / mapView.k);
          mapRequest();
        }
      }
    });
    window.addEventListener("mouseup", function () { setTimeout(function () { drag = null; }, 0); });
    mapCanvas.addEventListener("click", function (ev) {
      if (drag && drag.moved) { return; }
      var r = mapCanvas.getBoundingClientRect(), i = mapDotAt(ev.clientX - r.left, ev.clientY - r.top);
      if (i >= 0) { selectNode(i, false); } else { clearSelection(); }
    });
    mapCanvas.addEventListener("mousemove", function (ev) {
      var r = mapCanvas.getBoundingClientRect(), i = mapDotAt(ev.clientX - r.left, ev.clientY - r.top);
      mapCanvas.style.cursor = i >= 0 ? "pointer" : (drag ? "grabbing" : "grab");
      mapCanvas.title = i >= 0 ? nodeTitle(N[i]) : "";
    });
    mapCanvas.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var r = mapCanvas.getBoundingClientRect();
      mapZoom(Math.pow(1.0015, -ev.deltaY), ev.clientX - r.left, ev.clientY - r.top);
    }, {passive: false});
    if (window.ResizeObserver) { new ResizeObserver(function () { if (mapOn) { mapRequest(); } }).observe(mapBox); }
    return true;
  }
  function mapSize() { return {w: mapArea.clientWidth || 1, h: mapArea.clientHeight || 1}; }
  function mapClampLat(lat) { return Math.max(-60, Math.min(80, lat)); }
  function project(lat, lon) {
    var s = mapSize();
    return {x: s.w / 2 + (lon - mapView.lon) * mapView.k, y: s.h / 2 - (lat - mapView.lat) * mapView.k};
  }
  function mapMinK() { var s = mapSize(); return Math.min(s.w / 360, s.h / 150); }
  function mapZoom(f, px, py) {
    var s = mapSize(), k = Math.max(mapMinK(), Math.min(80, mapView.k * f));
    if (px === undefined) { px = s.w / 2; py = s.h / 2; }
    // the point under the pointer stays where it is
    var lon = mapView.lon + (px - s.w / 2) / mapView.k, lat = mapView.lat - (py - s.h / 2) / mapView.k;
    mapView.k = k;
    mapView.lon = lon - (px - s.w / 2) / k;
    mapView.lat = mapClampLat(lat + (py - s.h / 2) / k);
    mapRequest();
  }
  // the view that holds every dot and line end (at least 20 degrees across)
  function mapFit() {
    if (mapDirty || !mapModel) { mapCompute(); }
    var pts = [];
    mapModel.dots.forEach(function (d) { pts.push(N[d.i].ll); });
    mapModel.lines.forEach(function (l) { pts.push(l.a); });
    var s = mapSize();
    if (!pts.length) { mapView = {lon: 20, lat: 20, k: mapMinK()}; return; }
    var la0 = 90, la1 = -90, lo0 = 180, lo1 = -180;
    pts.forEach(function (p) {
      la0 = Math.min(la0, p[0]); la1 = Math.max(la1, p[0]); lo0 = Math.min(lo0, p[1]); lo1 = Math.max(lo1, p[1]);
    });
    var dlon = Math.max(20, lo1 - lo0), dlat = Math.max(12, la1 - la0);
    var k = Math.min((s.w - 90) / dlon, (s.h - 90) / dlat);
    mapView = {lon: (lo0 + lo1) / 2, lat: mapClampLat((la0 + la1) / 2), k: Math.max(mapMinK(), Math.min(40, k))};
  }
  // what the map shows: the dots (places with a point among the shown entities) and the
  // lines (shown presence / influence relations whose two ends have a point)
  function mapCompute() {
    var count = N.map(function () { return 0; });
    var passing = E.map(function () { return 0; });
    visibleEdge.forEach(function (v, j) {
      if (!v || E[j].kb) { return; }
      var n = 0;
      E[j].st.forEach(function (k) { if (statementPasses(S[k])) { n++; } });
      passing[j] = n;
      count[E[j].f] += n;
      if (E[j].t !== E[j].f) { count[E[j].t] += n; }
    });
    var dots = [], isDot = {};
    visibleNode.forEach(function (v, i) {
      if (v && N[i].ll && MAP_PLACE[N[i].c]) { dots.push({i: i, n: count[i]}); isDot[i] = true; }
    });
    var lines = [], skipped = 0, pairs = {};
    visibleEdge.forEach(function (v, j) {
      var e = E[j];
      if (!v || e.kb || !MAP_PRED[e.p]) { return; }
      var a = N[e.f].ll || N[e.f].hm, b = N[e.t].ll;
      if (!a || !b || !isDot[e.t]) { skipped++; return; }
      var key = e.f + ">" + e.t;
      pairs[key] = (pairs[key] || 0) + 1;
      lines.push({j: j, a: a, b: b, n: passing[j], k: pairs[key] - 1, fromDot: isDot[e.f] === true});
    });
    // the largest dots first: the smaller ones are drawn over them and take the clicks
    dots.sort(function (x, y) { return (y.n - x.n) || (x.i - y.i); });
    mapModel = {dots: dots, lines: lines, skipped: skipped, count: count};
    mapDirty = false;
  }
  function dotRadius(n) { return Math.min(24, 3.5 + 2.4 * Math.sqrt(n)); }
  function mapRequest() {
    if (!mapOn || mapFrame) { return; }
    mapFrame = requestAnimationFrame(function () { mapFrame = 0; mapDraw(); });
  }
  function mapChanged() {
    mapDirty = true;
    if (mapOn) { mapRequest(); }
  }
  function mapDraw() {
    if (!mapOn) { return; }
    if (mapDirty || !mapModel) { mapCompute(); }
    var s = mapSize(), ratio = window.devicePixelRatio || 1;
    if (mapCanvas.width !== Math.round(s.w * ratio) || mapCanvas.height !== Math.round(s.h * ratio)) {
      mapCanvas.width = Math.round(s.w * ratio);
      mapCanvas.height = Math.round(s.h * ratio);
    }
    var g = mapCanvas.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.fillStyle = "#dce8f1";
    g.fillRect(0, 0, s.w, s.h);
    // the outlines: each polygon filled (its holes cut out), every border stroked
    g.lineJoin = "round";
    g.fillStyle = "#f3f0e8";
    g.strokeStyle = "#a9a9a2";
    g.lineWidth = 0.7;
    var k = mapView.k, cx = s.w / 2 - mapView.lon * k, cy = s.h / 2 + mapView.lat * k;
    mapPolys.forEach(function (rings) {
      g.beginPath();
      rings.forEach(function (ring) {
        for (var m = 0; m < ring.length; m++) {
          var x = cx + ring[m][0] * k, y = cy - ring[m][1] * k;
          if (m) { g.lineTo(x, y); } else { g.moveTo(x, y); }
        }
        g.closePath();
      });
      g.fill("evenodd");
      g.stroke();
    });
    var sel = selectedNodeIndex();
    // the relations: a curve from the actor's point to the place, an arrow at the place
    mapLinesDrawn = [];
    var radius = {};
    mapModel.dots.forEach(function (d) { radius[d.i] = dotRadius(d.n); });
    mapModel.lines.forEach(function (l) {
      var e = E[l.j], p0 = project(l.a[0], l.a[1]), p1 = project(l.b[0], l.b[1]);
      var dx = p1.x - p0.x, dy = p1.y - p0.y, dist = Math.sqrt(dx * dx + dy * dy);
      if (dist < 2) { return; }
      var bend = 0.18 + 0.12 * l.k;
      var c = {x: (p0.x + p1.x) / 2 - dy * bend, y: (p0.y + p1.y) / 2 + dx * bend};
      // stop at the rim of the place's dot (and start at the actor's, when it is one)
      function toward(p, q, r) {
        var vx = q.x - p.x, vy = q.y - p.y, d = Math.sqrt(vx * vx + vy * vy) || 1;
        return {x: p.x + vx / d * r, y: p.y + vy / d * r};
      }
      var end = toward(p1, c, radius[e.t] + 2), start = l.fromDot ? toward(p0, c, radius[e.f] + 1) : p0;
      var grp = groupInfo[predGroup[e.p]] || {colour: "#a0a0a0"};
      var dim = dimmedEdge(l.j), width = Math.min(7, 1.2 + 1.4 * Math.log2(1 + l.n));
      g.globalAlpha = dim ? 0.12 : 0.85;
      g.strokeStyle = grp.colour;
      g.lineWidth = width;
      g.setLineDash(e.int ? [7, 5] : []);
      g.beginPath();
      g.moveTo(start.x, start.y);
      g.quadraticCurveTo(c.x, c.y, end.x, end.y);
      g.stroke();
      g.setLineDash([]);
      var ang = Math.atan2(end.y - c.y, end.x - c.x), ah = 5 + width;
      g.fillStyle = grp.colour;
      g.beginPath();
      g.moveTo(end.x, end.y);
      g.lineTo(end.x - ah * Math.cos(ang - 0.45), end.y - ah * Math.sin(ang - 0.45));
      g.lineTo(end.x - ah * Math.cos(ang + 0.45), end.y - ah * Math.sin(ang + 0.45));
      g.closePath();
      g.fill();
      if (!l.fromDot) {   // the actor's country: a hollow circle where the line starts
        g.strokeStyle = "#555555";
        g.lineWidth = 1.2;
        g.beginPath();
        g.arc(p0.x, p0.y, 3.5, 0, 2 * Math.PI);
        g.stroke();
      }
      g.globalAlpha = 1;
      mapLinesDrawn.push({id: "e" + l.j, x0: p0.x, y0: p0.y, x1: p1.x, y1: p1.y});
    });
    // the dots, largest first
    mapDots = [];
    mapModel.dots.forEach(function (d) {
      var p = project(N[d.i].ll[0], N[d.i].ll[1]), r = radius[d.i];
      if (p.x < -r || p.y < -r || p.x > s.w + r || p.y > s.h + r) { return; }
      var col = nodeColour(d.i), dim = dimmedNode(d.i);
      g.fillStyle = dim ? pale(col) : col;
      g.strokeStyle = d.i === sel ? "#000000" : (dim ? "#d8d8d8" : "#ffffff");
      g.lineWidth = d.i === sel ? 3 : 1.5;
      g.globalAlpha = dim ? 0.8 : 0.92;
      g.beginPath();
      g.arc(p.x, p.y, r, 0, 2 * Math.PI);
      g.fill();
      g.stroke();
      g.globalAlpha = 1;
      mapDots.push({i: d.i, x: p.x, y: p.y, r: r, n: d.n});
    });
    // labels: the selection first (always drawn, over a neighbour's dot if need be), then
    // the largest dots; one that would overlap a label or a dot already drawn is left out
    var boxes = mapDots.map(function (d) { return {x0: d.x - d.r, x1: d.x + d.r, y0: d.y - d.r, y1: d.y + d.r, dot: d.i}; });
    var order = mapDots.slice().sort(function (a, b) {
      return ((b.i === sel) - (a.i === sel)) || (dimmedNode(a.i) - dimmedNode(b.i)) || (b.n - a.n) || (a.i - b.i);
    });
    g.textAlign = "center";
    g.textBaseline = "top";
    var labels = [];
    order.forEach(function (d) {
      var text = labelOf(d.i);
      if (!text || (dimmedNode(d.i) && d.i !== sel)) { return; }
      var lines = text.split("\n"), fs = 11 + (d.n >= 20 ? 1 : 0), lh = Math.round(fs * 1.25), tw = 0;
      g.font = fs + "px " + LABEL_FONT;
      lines.forEach(function (t) { tw = Math.max(tw, g.measureText(t).width); });
      var b = {x0: d.x - tw / 2 - 2, x1: d.x + tw / 2 + 2, y0: d.y + d.r + 2, y1: d.y + d.r + 3 + lh * lines.length};
      if (b.x0 < 0 || b.x1 > s.w || b.y1 > s.h) { return; }
      if (d.i !== sel && boxes.some(function (o) { return o.dot !== d.i && b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1; })) { return; }
      boxes.push(b);
      labels.push({id: N[d.i].id, text: text, x0: b.x0, x1: b.x1, y0: b.y0, y1: b.y1});
      lines.forEach(function (t, m) {
        g.strokeStyle = "#ffffff";
        g.lineWidth = 3;
        g.strokeText(t, d.x, b.y0 + 1 + m * lh);
        g.fillStyle = d.i === sel ? "#000000" : "#222222";
        g.fillText(t, d.x, b.y0 + 1 + m * lh);
      });
    });
    X.mapLabelBoxes = labels;
    g.font = "10px " + LABEL_FONT;
    g.textAlign = "right";
    g.textBaseline = "bottom";
    g.fillStyle = "#555555";
    g.fillText(tr("mapCredit"), s.w - 6, s.h - 4);
    var lines2 = [tr("mapPlaces", fmt(mapModel.dots.length), fmt(shownNodes)),
                  tr("mapLines", fmt(mapModel.lines.length))];
    if (mapModel.skipped) { lines2.push(tr("mapSkipped", fmt(mapModel.skipped))); }
    lines2.push(tr("mapSought"));
    mapNote.textContent = lines2.join(" \u00b7 ");
    mapNote.setAttribute("dir", state.lang === "ar" ? "rtl" : "ltr");
    X.mapDraws = (X.mapDraws || 0) + 1;
  }
  // the topmost dot (the smallest: drawn last) under a point of the canvas, or -1
  function mapDotAt(x, y) {
    for (var m = mapDots.length - 1; m >= 0; m--) {
      var d = mapDots[m];
      if ((d.x - x) * (d.x - x) + (d.y - y) * (d.y - y) <= (d.r + 2) * (d.r + 2)) { return d.i; }
    }
    return -1;
  }
  var viewButtons = {};
  function setView(view) {
    if (view === "map" && !mapCanvas) { view = "graph"; }
    state.view = view;
    mapOn = view === "map";
    if (mapBox) { mapBox.hidden = !mapOn; }
    Object.keys(viewButtons).forEach(function (v) { viewButtons[v].setAttribute("aria-pressed", String(v === view)); });
    if (mapOn) {
      if (!mapView) { mapFit(); }
      mapDirty = true;
      mapDraw();
    } else {
      network.redraw();
    }
    saveHash();
  }
  function mapCaptions() {
    if (mapCanvas) { mapCanvas.setAttribute("aria-label", tr("mapLabel")); }
    if (mapBox) {
      mapBox.querySelectorAll(".nz-map-zoom button[aria-label]").forEach(function (b) {
        b.setAttribute("aria-label", tr(b.getAttribute("data-map")));
        b.title = tr(b.getAttribute("data-map"));
      });
    }
    var bar = document.getElementById("nz-viewbar");
    if (bar) { bar.setAttribute("aria-label", tr("viewChoice")); }
  }
  if (mapSetup()) {
    var bar = el("div", "nz-viewbar");
    bar.id = "nz-viewbar";
    bar.setAttribute("role", "group");
    [["graph", "viewGraph"], ["map", "viewMap"]].forEach(function (v) {
      var b = caption(el("button", "nz-btn"), v[1]);
      b.type = "button";
      b.id = "nz-view-" + v[0];
      b.setAttribute("aria-pressed", String(v[0] === state.view));
      b.addEventListener("click", function () { setView(v[0]); });
      viewButtons[v[0]] = b;
      bar.appendChild(b);
    });
    mapBox.parentNode.insertBefore(bar, mapBox.parentNode.firstChild);
  }
  X.setView = setView;
  X.mapView = function (v) {
    if (v) { mapView = {lon: v.lon, lat: v.lat, k: v.k}; mapDraw(); }
    return mapView ? {lon: mapView.lon, lat: mapView.lat, k: mapView.k} : null;
  };
  X.mapFit = function () { mapFit(); mapDraw(); };
  // the dots drawn (page coordinates of their centres), largest first, and the lines
  X.mapDots = function () {
    var r = mapCanvas.getBoundingClientRect();
    return mapDots.map(function (d) {
      return {id: N[d.i].id, x: r.left + d.x, y: r.top + d.y, r: d.r, n: d.n};
    });
  };
  X.mapLines = function () { return mapLinesDrawn.slice(); };
  // the page coordinates of a point (latitude, longitude) in the current map view
  X.mapProject = function (lat, lon) {
    var r = mapCanvas.getBoundingClientRect(), p = project(lat, lon);
    return {x: r.left + p.x, y: r.top + p.y};
  };
  X.mapModel = function () {
    if (mapDirty || !mapModel) { mapCompute(); }
    return {dots: mapModel.dots.map(function (d) { return {id: N[d.i].id, n: d.n}; }),
            lines: mapModel.lines.map(function (l) { return "e" + l.j; }), skipped: mapModel.skipped};
  };

  // <html lang dir> and the labels that are attributes follow the label language
  function pageLanguage() {
    var root = document.documentElement;
    root.setAttribute("lang", panelLang());
    root.setAttribute("dir", state.lang === "ar" ? "rtl" : "ltr");
    container.setAttribute("aria-label", tr("canvasLabel"));
    input.setAttribute("aria-label", tr("searchLabel"));
    tFrom.setAttribute("aria-label", tr("timeFrom"));
    tTo.setAttribute("aria-label", tr("timeTo"));
    hist.setAttribute("aria-label", tr("timeHelp"));
    mapCaptions();
  }

  pageLanguage();
  syncSlider();
  emptyPanel();
  applyFilters(true);
  hashReady = true;
  start();
  if (state.view === "map") { setView("map"); }
})();
