# Unknown events, bad units and counts are located errors.
for p in software:nosuch software:faults:0 hardware:cycles:x profile:xs:5 profile:hz:0 profile:hz; do
	$SPYGLASS -e "$p { @ = count(); }" 2>&1 | head -1
done
