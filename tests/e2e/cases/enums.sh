# Enumerators are constants typed by their enum: the script's own enums and
# the kernel's (BTF). printf %s prints an enum value's name, %d its number;
# a value no enumerator has prints as the number; maps and print() show names.
cat > enums.bt <<'BT'
enum Color { RED = 1, GREEN, BLUE = 10, DARK = -2 };
enum { FIRST, SECOND = FIRST, THIRD = 7 }
BEGIN
{
	printf("%d %d %d %d | %d %d %d\n", RED, GREEN, BLUE, DARK, FIRST, SECOND, THIRD);
	printf("%s %s %s|%5s|%-6s|\n", GREEN, DARK, (enum Color)10, RED, RED);
	$c = (enum Color)(BLUE - 8);
	printf("%s %d %s\n", $c, $c, $c + 1);
	$v = 3;
	printf("unnamed: %s\n", (enum Color)$v);
	printf("kernel: %d %s %s %d\n", TCP_FIN_WAIT1, TCP_FIN_WAIT1,
	       SKB_DROP_REASON_NOT_SPECIFIED, SKB_DROP_REASON_NOT_SPECIFIED);
	printf("cast: %s\n", (enum skb_drop_reason)3);
	@value = BLUE;
	@key[GREEN, "g"] = 1;
	@key[RED, "r"] = 2;
	print(DARK);
	print((RED, BLUE));
	if (TCP_FIN_WAIT1 > 3 && RED == 1) {
		printf("compare ok\n");
	}
	exit();
}
BT
$SPYGLASS -q enums.bt
# JSON keeps enum values as numbers (bpftrace does, for parsers); printf %s
# names them. A run-time value no enumerator has is fine (a literal is not).
$SPYGLASS -q -f json -e 'enum E { A = 5 } BEGIN { @e = A; $v = 6; @n = (enum E)$v; exit(); }'
