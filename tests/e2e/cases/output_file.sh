# -o FILE writes the output there; stdout stays empty.
$SPYGLASS -q -o result.txt -e 'BEGIN { printf("to file\n"); @v = 1; exit(); }'
echo "stdout done"
cat result.txt
