# Cagelab sandbox: /etc/bash.bashrc, read by every interactive bash
# (and by login shells through /etc/profile).
#
# The prompt and friends live here rather than only in ~/.bashrc because the
# sandbox runs with a read-only root and an EMPTY tmpfs on /home/learner.

# Not interactive: do nothing (keeps `docker exec ... bash -c CMD` output clean).
[ -z "${PS1-}" ] && return

# A fresh tmpfs home gets the skeleton dotfiles once, so ~/.bashrc exists to
# be edited. Bash reads ~/.bashrc right after this file, so it takes effect now.
if [ -d "${HOME-}" ] && [ -w "$HOME" ] && [ ! -e "$HOME/.bashrc" ]; then
    cp -R /etc/skel/. "$HOME"/ 2>/dev/null || true
fi

shopt -s checkwinsize histappend
HISTCONTROL=ignoreboth
HISTSIZE=5000
HISTFILESIZE=10000

# user@host:dir$ — green for the learner, red for root (labs that need a
# capability run as root inside the user namespace). Each learner runs under a
# UID of their own that /etc/passwd does not list: call it "learner".
if [ "$(id -u)" -eq 0 ]; then _cl_c='1;31'; else _cl_c='1;32'; fi
_cl_u=$(id -un 2>/dev/null) || _cl_u=learner
PS1='\[\e[2m\][cagelab]\[\e[0m\] \[\e['"$_cl_c"'m\]'"$_cl_u"'@\h\[\e[0m\]:\[\e[1;34m\]\w\[\e[0m\]\$ '
unset _cl_c _cl_u

alias ls='ls --color=auto'
alias ll='ls -alF'
alias la='ls -A'
alias grep='grep --color=auto'

export LESS='-R'
export EDITOR=nano VISUAL=nano

# Greet once per terminal, not in nested shells, in the learner's language when
# the app names one (CAGELAB_LANG=fr picks /etc/motd.fr; English otherwise).
_cl_motd=/etc/motd
case "${CAGELAB_LANG-}" in
    ''|*[!a-z]*) ;;
    *) [ -r "/etc/motd.$CAGELAB_LANG" ] && _cl_motd=/etc/motd.$CAGELAB_LANG ;;
esac
if [ "${SHLVL:-1}" -le 1 ] && [ -r "$_cl_motd" ]; then
    cat "$_cl_motd"
fi
unset _cl_motd
