// Loads a map only when its box is opened: first its styles and scripts (Leaflet, served by this
// site), then the map's own script. Pages stay light for people who only read the list.
(function () {
  var box = document.querySelector("[data-map-script]");
  if (!box) {
    return;
  }
  function addScripts(urls) {
    if (!urls.length) {
      return;
    }
    var script = document.createElement("script");
    script.src = urls[0];
    script.onload = function () { addScripts(urls.slice(1)); };
    document.head.appendChild(script);
  }
  function load() {
    var assets = box.getAttribute("data-map-assets").split(" ").filter(Boolean);
    assets.filter(function (url) { return /\.css$/.test(url); }).forEach(function (url) {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = url;
      document.head.appendChild(link);
    });
    var scripts = assets.filter(function (url) { return /\.js$/.test(url); });
    addScripts(scripts.concat([box.getAttribute("data-map-script")]));
  }
  function whenOpened() {
    if (box.open) {
      box.removeEventListener("toggle", whenOpened);
      load();
    }
  }
  box.addEventListener("toggle", whenOpened);
  whenOpened();
})();
