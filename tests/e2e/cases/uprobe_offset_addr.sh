# FUNC+OFFSET (at target_add's second instruction, found with objdump) and a
# raw virtual address (target_add's, from nm) on the non-PIE binary.
T=$(dirname "$WORKLOAD")/uprobe_target_nopie
addr=$(nm "$T" | awk '$3 == "target_add" { print $1 }')
second=$(objdump -d --no-show-raw-insn "$T" | awk '/<target_add>:/ { f = 1; next } f { n++; if (n == 2) { sub(":", "", $1); print $1; exit } }')
off=$((0x$second - 0x$addr))
$SPYGLASS -q -e "uprobe:$T:target_add+$off { @off = count(); } uprobe:$T:0x$addr { @addr = count(); }" -c "$T 4"
