# Maps assigned in BEGIN, printed at exit after END ran: scalar, keyed, multi-key,
# strings as keys and values, sorting by value.
$SPYGLASS -q -e 'BEGIN {
	@x = 5;
	@m["b"] = 2; @m["a"] = 3; @m["c"] = 1;
	@t[1, "two"] = 12;
	@s["k"] = "value";
	@neg = -42;
	exit();
}
END { printf("end ran\n"); @e = @x + 1; }'
