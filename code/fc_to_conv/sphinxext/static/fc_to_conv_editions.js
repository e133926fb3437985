/* The words of pydata-sphinx-theme 0.17.1's banner on an edition older than the newest release, and
   on main (fc_to_conv.sphinxext.site loads this script on the multi-version site only). The theme
   writes them for software documentation ("This is documentation for an old version ... Switch to
   stable version"); this book has releases. The theme draws the banner once it has read
   switcher.json, so the words are changed as it appears. */
(function () {
  "use strict";
  var banner = document.getElementById("bd-header-version-warning");

  function reword() {
    var message = banner.querySelector(".sidebar-message");
    var link = banner.querySelector(".pst-button-link-to-stable-version");
    if (!message || !link) return false;
    message.firstChild.textContent = "You are reading ";
    link.textContent = "Read this page in the newest release";
    return true;
  }

  if (banner && !reword()) {
    new MutationObserver(function (changes, observer) {
      if (reword()) observer.disconnect();
    }).observe(banner, { childList: true, subtree: true });
  }
})();
