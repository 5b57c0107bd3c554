# printf in BEGIN: specifiers, widths, flags, strings, escapes.
$SPYGLASS -q -e 'BEGIN { printf("hello %d %s|%5d|%-5d|%05d|%x|%X|%o|%c|%%|%u\n", 42, "world", 7, 7, 7, 255, 255, 8, 65, -1); exit(); }'
