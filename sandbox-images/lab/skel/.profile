# ~/.profile — read by login shells (bash -l).
if [ -n "${BASH_VERSION-}" ] && [ -f "$HOME/.bashrc" ]; then
    . "$HOME/.bashrc"
fi
