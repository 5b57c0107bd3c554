# Whole struct, union and array values (newest bpftrace): print() shows
# "{ .field = value, ... }" with nested structs and unions, arrays "[1,2]",
# char arrays as strings and pointers in hex; JSON makes objects and arrays.
# Struct values go into maps (as values and keys), variables and tuples and
# are printed at exit; print(args) shows a tracepoint's arguments. Kernel
# types come from BTF (the syscall's timespec), script-defined ones through
# a cast of a pointer (over the bytes of the path "/etc/passwd" that openat
# gets; bitfields are laid out as C does).
P='struct ts { long sec; long nsec; }
struct s { char a[4]; short e[2]; union { short c; char d; } u; char f[2]; }
struct p { void *p; }
struct bf { unsigned char lo:4, hi:4; short s:5; short t:11; int u:3; unsigned int v:29; }
tracepoint:syscalls:sys_enter_clock_nanosleep /pid == cpid/ {
	print(*args.rqtp);
	print(*(struct ts *)args.rqtp);
	@ts[args.rqtp->tv_nsec] = *args.rqtp;
	$t = *args.rqtp;
	@tup = (1, $t, "x");
	@k[*args.rqtp] = count();
	@sec = @ts[args.rqtp->tv_nsec].tv_sec;
}
tracepoint:syscalls:sys_enter_openat /pid == cpid && str(args.filename) == "/etc/passwd"/ {
	$s = (struct s *)args.filename;
	print(*$s);
	print($s->e);
	print(*(struct p *)args.filename);
	print(*(struct bf *)args.filename);
	@s = *$s;
}
tracepoint:syscalls:sys_enter_close /pid == cpid && args.fd == 999/ { print(args); }'
$SPYGLASS -q -e "$P" -c "$WORKLOAD sleep 2 1500 sleep 1 12 openat 1 /etc/passwd close 1 999"
$SPYGLASS -q -f json -e "$P" -c "$WORKLOAD sleep 1 12 openat 1 /etc/passwd close 1 999"
