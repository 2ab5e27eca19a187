// The partner form's council page, enhanced: results follow what is typed, without pressing Search.
// The same page is fetched with ?q= and its results swapped in, so the server's search is the only one;
// without JavaScript the Search button does the same. A static file, as the Content-Security-Policy wants.
const input = document.getElementById("id_q");
const results = document.getElementById("council-results");
const status = document.getElementById("council-status");
if (input && results && status) {
  let timer;
  let latest = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (input.value.trim().length < 2) return;
      const asked = ++latest;
      const url = new URL(input.form.action, window.location.href);
      url.search = new URLSearchParams(new FormData(input.form)).toString();
      const response = await fetch(url, { headers: { Accept: "text/html" } });
      if (!response.ok || asked !== latest) return; // a later keystroke has its own answer coming
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const found = page.getElementById("council-results");
      if (!found) return;
      results.innerHTML = found.innerHTML;
      const count = results.querySelectorAll("input[name=council]").length;
      status.textContent = count
        ? `${count} council area${count === 1 ? "" : "s"} found`
        : "No council areas found";
    }, 300);
  });
}
