# attack: 6 Python writes a huge file in /tmp instead of stdout
# expect: OLE|RE
# args: --time-limit 1 --memory-limit 256
# CPython ignores SIGXFSZ at start-up, so crossing RLIMIT_FSIZE gives
# OSError(EFBIG) -> an exception -> RE, unless the judge restores SIG_DFL
# for the program (then SIGXFSZ -> OLE). Either way the file is capped.
with open("/tmp/verdict-attack-huge", "wb") as f:
    f.seek(1 << 30)
    f.write(b"z")
