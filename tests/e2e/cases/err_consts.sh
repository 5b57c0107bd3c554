# Wrong uses of #define, enums and header macros: located errors, exit 1.
for p in \
	'#define TWICE(x) ((x) * 2)
BEGIN { print(TWICE(1)); }' \
	'#define T struct task_struct
BEGIN { print(T); }' \
	'#define A B
#define B A
BEGIN { print(A); }' \
	'#define NOTHING
BEGIN { print(NOTHING); }' \
	'BEGIN { print(AF_INET); }' \
	'BEGIN { print(TASK_RUNNNING); }' \
	'enum Color { RED = 1 } BEGIN { print((enum Color)2); }' \
	'enum Color { RED = 1, GREEN = RED + } BEGIN { print(RED); }' \
	'BEGIN { print((enum no_such_enum)1); }'
do
	$SPYGLASS -e "$p"
	echo "exit $?"
done
