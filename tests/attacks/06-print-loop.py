# attack: 6 while True: print(...)
# expect: OLE
# args: --time-limit 1 --output-limit 100000
# The judge stops reading at 100000 bytes of stdout and kills the run: OLE.
while True:
    print("flood flood flood flood flood flood flood flood")
