// uPlot builds its number format from `navigator.language` when its module loads
// (`new Intl.NumberFormat(navigator.language)`). Under a C or POSIX locale (LANG=C, common on
// servers, containers and CI) WebKitGTK reports a language Intl refuses ("c"): the RangeError
// would stop the whole Prices room from loading. Imported before uPlot: when Intl refuses the
// reported language, the page reports "en-US" instead (what Intl falls back to anyway).
export function usableLanguage(language: string): boolean {
  try {
    new Intl.NumberFormat(language);
    return true;
  } catch {
    return false;
  }
}

if (typeof navigator !== "undefined" && !usableLanguage(navigator.language)) {
  Object.defineProperty(navigator, "language", { value: "en-US", configurable: true });
}
