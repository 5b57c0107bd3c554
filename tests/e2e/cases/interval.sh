# interval fires repeatedly; exit() from the third run.
$SPYGLASS -q -e 'interval:ms:20 { @i++; if (@i == 3) { exit(); } }'
