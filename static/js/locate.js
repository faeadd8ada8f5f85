// "Use my position": only shown when JavaScript runs. The position, rounded to about 100 m,
// goes into the postcode field and the form is sent; nothing is kept on the server.
document.querySelectorAll("[data-locate]").forEach(function (button) {
  var input = document.getElementById(button.getAttribute("data-locate"));
  var status = document.getElementById(button.getAttribute("data-locate") + "-locate-status");
  if (!input || !navigator.geolocation) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = button.getAttribute("data-wait");
    navigator.geolocation.getCurrentPosition(function (position) {
      input.value = position.coords.latitude.toFixed(3) + "," + position.coords.longitude.toFixed(3);
      input.form.submit();
    }, function () {
      status.textContent = button.getAttribute("data-failed");
    }, {timeout: 10000, maximumAge: 600000});
  });
});
