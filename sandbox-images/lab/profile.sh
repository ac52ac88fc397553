# Cagelab sandbox: /etc/profile.d/cagelab.sh, read by login shells (bash -l).
# Debian's /etc/profile leaves the sbin directories off PATH for non-root
# users, but the labs need capsh, getpcaps, getcap and friends from /usr/sbin.
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH
