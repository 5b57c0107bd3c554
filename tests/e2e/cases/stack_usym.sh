# usym() and uaddr() on the non-PIE stack target (built without frame
# pointers: only the probed function's frame is certain, hence ustack(1)). uaddr gives the symbol's address at compile time;
# usym prints the name alone, or the address in hex when nothing matches.
T=$(dirname "$WORKLOAD")/stack_target_nofp
$SPYGLASS -q -e "uprobe:$T:st_inner {
  printf(\"%s %s %s %d\n\", usym(uaddr(\"st_inner\")), usym(uaddr(\"st_outer\") + 2), usym(1),
         uaddr(\"st_middle\") > uaddr(\"st_inner\"));
  print(usym(uaddr(\"main\")));
  @[usym(uaddr(\"st_outer\"))] = count();
  printf(\"%s\", ustack(1)); }" -c "$T 1"
