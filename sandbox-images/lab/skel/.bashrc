# ~/.bashrc — your own shell settings go here.
# The prompt, aliases and history settings come from /etc/bash.bashrc.
# Note: this home directory lives in memory and is reset with the sandbox.
