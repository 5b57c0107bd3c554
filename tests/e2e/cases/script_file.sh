# A script file with positional parameters; errors name the file.
cat > t.bt <<'BT'
#!/usr/bin/env spyglass
// comment
BEGIN {
	printf("%s %d %d\n", $1, $2 + 1, $#); /* block comment */
	exit();
}
BT
$SPYGLASS -q t.bt hello 41
printf 'BEGIN {\n\t@x = ;\n}\n' > bad.bt
$SPYGLASS bad.bt
echo "exit $?"
# "-" reads the script from stdin (bpftrace's piped script); errors name stdin.
$SPYGLASS -q - hello 41 < t.bt
printf 'BEGIN { @x = ; }\n' | $SPYGLASS - 2>&1
echo "exit $?"
# --dry-run compiles and runs nothing; compile errors still fail.
$SPYGLASS --dry-run -e 'BEGIN { printf("not printed\n"); @ = 0; }'
echo "exit $?"
$SPYGLASS --dry-run -e 'BEGIN { @ = nosuch; }' 2>&1
echo "exit $?"
