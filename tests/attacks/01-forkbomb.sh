# attack: 1 shell fork bomb :(){ :|:& };: written for dash
# expect: RE
# args: --time-limit 1 --processes 16
# dash does not accept ':' as a function name, so the classic bomb is spelled
# with 'b'. The main shell keeps re-launching it (the bare classic returns at
# once and the run would end AC with the bomb killed as leftovers). The pids
# limit makes fork fail ("Cannot fork": dash exits 2): RE "process limit".
b() { b | b & }
while :; do b; done
