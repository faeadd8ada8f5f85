// Buttons that need JavaScript stay hidden until this script shows them: "Print" (data-print) and
// "Copy" (data-copy names the field whose text it copies).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
document.querySelectorAll("[data-copy]").forEach(function (button) {
  var source = document.getElementById(button.getAttribute("data-copy"));
  button.hidden = false;
  button.addEventListener("click", function () {
    source.select();
    var done = function () { button.textContent = button.getAttribute("data-copied"); };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(source.value).then(done);
    } else if (document.execCommand("copy")) {
      done();
    }
  });
});
