# -f json: every line is one JSON object; check they parse and print them.
$SPYGLASS -f json -e 'BEGIN { printf("hi %d\n", 5); @x = 5; @m["a"] = 1; @h = hist(5); @s = stats(10); exit(); }' > out
python3 -c '
import json, sys
for line in open("out"):
    json.loads(line)
print("all lines parse")'
cat out
