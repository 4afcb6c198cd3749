// pfs-docgen's web page: drop workbooks onto the upload box to send them. The page works
// without this script (choose the files, press the button); nothing is fetched from elsewhere.
(function () {
  "use strict";
  var form = document.getElementById("upload");
  var input = document.getElementById("files");
  if (!form || !input || !window.DataTransfer) { return; }
  ["dragenter", "dragover"].forEach(function (name) {
    form.addEventListener(name, function (event) {
      event.preventDefault();
      form.classList.add("over");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    form.addEventListener(name, function () { form.classList.remove("over"); });
  });
  form.addEventListener("drop", function (event) {
    event.preventDefault();
    if (!event.dataTransfer || !event.dataTransfer.files.length) { return; }
    input.files = event.dataTransfer.files;
    form.submit();
  });
})();
