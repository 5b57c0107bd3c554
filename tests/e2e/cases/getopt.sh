# Named program options (newest bpftrace): getopt("name"[, default[, "desc"]])
# takes --name=value / --name after the script (after -- with -e, or
# before the positional words); bools
# read 0/false as false; the rest of the words stay $1, $2 ... Unknown
# options, bad integers and differing defaults are errors; --help lists.
run() { "$@" 2>&1; echo "exit $?"; }
run $SPYGLASS -q -e 'BEGIN { print(($1, getopt("aa", 10), getopt("bb", -1), $2, getopt("cc", "hello"), getopt("dd", false), getopt("ee"), getopt("ff", 7), $#)); exit() }' pos1 -- --aa=20 --bb=5 --cc=bye pos2 --dd
run $SPYGLASS -q -e 'BEGIN { if (getopt("v")) { printf("n=%d s=%s\n", getopt("n", 3), getopt("s", "x")); } exit() }' -- --v=true --n=0x10
run $SPYGLASS -q -e 'BEGIN { if (getopt("v", true)) { printf("on\n"); } else { printf("off\n"); } exit() }' -- --v=0
run $SPYGLASS -q -e 'BEGIN { print(getopt("len", 8, "bytes to read")); print(getopt("v")); exit() }' -- --help
run $SPYGLASS -q -e 'BEGIN { print(getopt("len", 8)); exit() }' -- --length=32
run $SPYGLASS -q -e 'BEGIN { print(getopt("len", 8)); exit() }' -- --len=abc
run $SPYGLASS -q -e 'BEGIN { print(getopt("len", 8)); print(getopt("len", 9)); exit() }'
run $SPYGLASS -q -e 'BEGIN { print(getopt(5)); exit() }'
run $SPYGLASS -q -e 'BEGIN { print(getopt("a", $x)); exit() }'
printf 'BEGIN { printf("%%s %%d\\n", getopt("who", "nobody"), $1); exit() }\n' > opt.bt
run $SPYGLASS -q opt.bt --who=me 42
# named options may also come before the positional words (not after --)
run $SPYGLASS -q -e 'BEGIN { print(($1, getopt("aa", 10), $2, getopt("bb", "hello"), getopt("cc"), getopt("n", 1))); exit(); }' --aa=20 pos1 --bb=bye -- pos2 --cc --n=False
run $SPYGLASS -q --bogus -e 'BEGIN { exit(); }'
