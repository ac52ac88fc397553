// Show every <time data-local datetime="..."> in the page's language and the reader's own time zone.
const format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});
for (const element of document.querySelectorAll('time[data-local]')) {
  const when = new Date(element.getAttribute('datetime'));
  if (!Number.isNaN(when.getTime())) {
    element.textContent = format.format(when);
  }
}
