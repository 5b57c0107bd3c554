# delete (both spellings), clear, zero, print(@m), print(value), ++ on maps.
$SPYGLASS -q -e 'BEGIN {
	@a[1] = 10; @a[2] = 20; @a[3] = 30;
	delete(@a[1]);
	delete(@a, 2);
	print(@a);
	@b = 1; @b++; @b += 5;
	print(@b);
	print(7);
	@c[5] = 5; clear(@c);
	@z = count(); zero(@z);
	exit();
}'
