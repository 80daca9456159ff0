# attack: 13 plant symlinks, FIFOs and hard links in the box for the judge to follow afterwards
# expect: AC
# stdout: planted
# args: --time-limit 1
# The judge never reads the box's files after a run (stdout and stderr come
# through pipes; the box's /tmp is a tmpfs that is dropped); collecting a
# file never follows a symlink (unit test collect_never_follows_a_symlink).
cd /tmp || exit 1
ln -s /etc/shadow verdict-attack-out 2>/dev/null
ln -s / verdict-attack-root 2>/dev/null
ln -s /proc/1/root verdict-attack-proc 2>/dev/null
mkfifo verdict-attack-fifo 2>/dev/null
ln /usr/bin/python3 verdict-attack-hard 2>/dev/null
for f in stdout stderr output main main.py input expected; do ln -sf /etc/passwd "$f" 2>/dev/null; done
echo planted
