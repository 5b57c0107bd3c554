# A syntax error: file:line:col, the source line, a caret; exit 1.
$SPYGLASS -e 'BEGIN { printf("x\n") $x = ; }'
