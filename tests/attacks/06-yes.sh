# attack: 6 shell: yes
# expect: OLE
# args: --time-limit 1 --output-limit 100000
# `yes` writes "y\n" forever: OLE once stdout passes 100000 bytes.
yes
