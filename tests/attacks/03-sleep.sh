# attack: 3 shell: sleep 1000
# expect: TLE
# args: --time-limit 0.5
# Wall backstop 2 x 0.5 + 1 = 2 s: TLE (limit "wall").
sleep 1000
