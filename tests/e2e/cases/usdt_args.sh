# USDT arguments (tests/usdt_target.c): registers of every width sign-extended
# per spec (-4@%edi, -8@%rax, -2@%dx, -1@%sil), a string, the probe name,
# the U: alias and usdt:PATH:NAME; sgtest:site has two sites whose arg1 is
# read differently (-4@12(%rsp) from user memory, -4@%ebx).
T=$(dirname "$WORKLOAD")/usdt_target
$SPYGLASS -q -e "usdt:$T:sgtest:args { printf(\"args %d %ld %d %d ptr=%d\n\", arg0, arg1, arg2, arg4, arg3 != 0); @neg = min(arg2); }
U:$T:str { printf(\"%s: %s %d\n\", probe, str(arg0), arg1); }
usdt:$T:sgtest:site { printf(\"site %d\n\", arg1); @sites = count(); }" -c "$T 3 >target.out" | sed "s|$T|TARGET|g"
cat target.out
