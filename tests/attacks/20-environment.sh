# attack: 20 shell: the environment and the judge's PATH
# expect: AC
# stdout: clean
# args: --time-limit 1
if env | grep -q -e LD_PRELOAD -e VDSEC -e '^VD_' -e SSH_ -e AWS_ -e TOKEN; then
	env
else
	echo clean
fi
