# Bad USDT probes are named in located errors: no such probe / binary, an
# ambiguous name (listing the candidates), a missing argument, an argument
# spec spyglass cannot read (sgtest:site's first site: -8@ticks(%rip)).
T=$(dirname "$WORKLOAD")/usdt_target
for p in "usdt:$T:sgtest:nope" "usdt:$T:nope" "usdt:/no/such/binary:a:b" "usdt:nosuchlib_xyz:a:b" \
	"usdt:/etc/passwd:a:b" "usdt:$T" "U:$T:dup" "usdt:$T:nop*:*"; do
	$SPYGLASS -e "$p { @ = count(); }" 2>&1 | head -1 | sed -e "s|$T|TARGET|g"
done
$SPYGLASS -e "usdt:$T:sgtest:args { @ = arg5; }" 2>&1 | head -1 | sed -e "s|$T|TARGET|g" -e 's/^stdin:1:[0-9]*:/stdin:1:N:/'
$SPYGLASS -e "usdt:$T:sgtest:site { @ = arg0; }" 2>&1 | head -1 | sed -e "s|$T|TARGET|g" -e 's/^stdin:1:[0-9]*:/stdin:1:N:/'
$SPYGLASS -e "usdt:$T:sgtest:dup { @ = arg0; }" 2>&1 | head -1 | sed -e "s|$T|TARGET|g" -e 's/^stdin:1:[0-9]*:/stdin:1:N:/'
