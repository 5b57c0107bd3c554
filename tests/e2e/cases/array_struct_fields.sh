# Arrays inside structs in user memory (tests/array_target.c, ar_mixed called
# twice): struct, short, and char[2][4] (two strings) arrays printed alone
# and in the struct; bool fields print true/false; a char array is read
# whole, bytes after its NUL too, like inside a struct value (bpftrace):
# names "ab\0cd" and "ab\0xy" are two keys, read alone or from the struct.
# Arrays compare with == and != (variables, maps, fields); JSON output.
T=$(dirname "$WORKLOAD")/array_target
C='struct P { int x; int y; }
struct C { char name[8]; bool flag; short pts[3]; struct P pair[2]; char words[2][4]; }'
M="uprobe:$T:ar_mixed"
$SPYGLASS -q -e "$C $M {
	\$c = (struct C *)arg0;
	print(*\$c);
	print((\$c->pts, \$c->pair, \$c->words, \$c->words[1], \$c->pair[1].y, \$c->flag));
	@n[\$c->name] = count();
	@s[(*\$c).name] = count();
	@c[\$c->flag] = *\$c;
	\$p = \$c->pts;
	@p = \$c->pts;
	printf(\"%d %d %d %d\n\", \$p == \$c->pts, @p != \$p, \$c->pair[0].x, \$c->name == \"ab\");
}" -c "$T"
$SPYGLASS -q -f json -e "$C $M { \$c = (struct C *)arg0; print(*\$c); @n[\$c->name] = count(); }" -c "$T"
# A kernel _Bool (task_struct's throttled: not while spyglass runs BEGIN).
$SPYGLASS -q -e 'BEGIN { print(curtask->throttled); @t[curtask->throttled] = (curtask->throttled, 1); }'
