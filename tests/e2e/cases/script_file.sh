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
