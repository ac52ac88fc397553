// The reader's theme: light, dark, or the system's (nothing stored). A classic script loaded in the head, not a
// module: it must set the theme before the page is first painted, or a dark reader sees a white flash.
(() => {
  const KEY = 'cagelab-theme';
  const THEMES = ['light', 'dark'];
  const root = document.documentElement;

  const stored = () => {
    try {
      const theme = localStorage.getItem(KEY);
      return THEMES.includes(theme) ? theme : 'system';
    } catch (e) {
      return 'system';
    }
  };

  const apply = (theme) => {
    if (THEMES.includes(theme)) {
      root.dataset.theme = theme;
    } else {
      delete root.dataset.theme;
    }
  };

  apply(stored());

  document.addEventListener('DOMContentLoaded', () => {
    const choice = document.getElementById('theme-choice');
    if (!choice) {
      return;
    }
    choice.value = stored();
    choice.addEventListener('change', () => {
      try {
        if (THEMES.includes(choice.value)) {
          localStorage.setItem(KEY, choice.value);
        } else {
          localStorage.removeItem(KEY);
        }
      } catch (e) {
        // Storage refused (a private window): the choice lasts for this page only.
      }
      apply(choice.value);
    });
  });
  // Another tab changed the theme: follow it.
  window.addEventListener('storage', (event) => {
    if (event.key === KEY) {
      apply(stored());
      const choice = document.getElementById('theme-choice');
      if (choice) {
        choice.value = stored();
      }
    }
  });
})();
