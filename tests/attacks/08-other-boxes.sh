# attack: 8 look for other boxes and the judge's state: /sys, cgroups, /run, /var, /work
# expect: AC
# stdout: none
# args: --time-limit 1
# None of these exist in the box: no /sys, no /run, no /var, no /home.
n=0
for p in /sys /sys/fs/cgroup /run /var /var/lib /home /work /srv /mnt /media /opt /root /boot /etc/hostname /etc/hosts; do
	if [ -e "$p" ]; then echo "exists $p"; n=$((n + 1)); fi
done
[ "$n" -eq 0 ] && echo none
